package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** migrate on a fresh database, its dry run (which applies nothing), and a database migrated by another build. */
class MigrateCommandTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFreshDatabaseIsMigratedAndComplete(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.Result result = CliRun.on(database, "migrate");
            assertEquals(ExitCode.OK, result.exitCode(), result.toString());
            long files = SchemaMigrator.of(database.dataSource(), engine).flyway().info().applied().length;
            assertTrue(result.out().contains("Applied " + (files - 1) + " migration(s)."), result.toString());
            assertTrue(result.out().contains("Status: complete"), result.toString());

            CliRun.Result again = CliRun.on(database, "migrate");
            assertEquals(ExitCode.OK, again.exitCode(), again.toString());
            assertTrue(again.out().contains("Applied 0 migration(s)."), again.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDryRunListsEveryPendingMigrationWithItsSqlAndAppliesNothing(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            long tablesBefore = CliRun.userTables(database);

            CliRun.Result result = CliRun.on(database, "migrate", "--dry-run");

            assertEquals(ExitCode.OK, result.exitCode(), result.toString());
            assertEquals(tablesBefore, CliRun.userTables(database), "no table created: " + result);
            assertEquals(0, CliRun.historyRows(database), "no history written");
            assertTrue(result.out().contains("Flyway's open-source edition has no dry run"), result.toString());
            List<String> headers = result.out().lines().filter(l -> l.matches("-- \\d+/\\d+: .*")).toList();
            long pending = SchemaMigrator.of(database.dataSource(), engine).flyway().info().pending().length;
            assertEquals(pending, headers.size(), result.toString());
            assertTrue(headers.get(0).startsWith("-- 1/" + pending + ": version 1 \"baseline\" (V1__baseline.sql"), headers.get(0));
            assertTrue(headers.get(1).startsWith("-- 2/" + pending + ": version 2 "), headers.get(1));
            assertTrue(headers.get(headers.size() - 1).contains("repeatable"), "repeatables come last: " + headers);
            assertTrue(result.out().contains("CREATE TABLE dbo."), "the SQL itself is printed");
            assertTrue(result.out().contains("Dry run: " + pending + " migration(s) would run; nothing was applied."), result.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDryRunOnAnOlderSchemaListsOnlyWhatIsMissing(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            SchemaMigrator.of(database.dataSource(), engine).migrateTo("1");
            long history = CliRun.historyRows(database);
            long tables = CliRun.userTables(database);

            CliRun.Result result = CliRun.on(database, "migrate", "--dry-run");

            assertEquals(ExitCode.OK, result.exitCode(), result.toString());
            assertEquals(history, CliRun.historyRows(database), "history untouched");
            assertEquals(tables, CliRun.userTables(database), "tables untouched");
            assertFalse(result.out().contains("V1__baseline.sql"), "V1 is applied: " + result);
            assertTrue(result.out().contains(": version 2 "), result.toString());
            assertEquals("1", SchemaMigrator.of(database.dataSource(), engine).flyway().info().current().getVersion().getVersion());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDatabaseMigratedByAnotherBuildGetsOneLineAndExitsOne(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());
            // What an older development build leaves: an applied V1 whose checksum is no longer the file's.
            CliRun.execute(database, "UPDATE flyway.flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");

            CliRun.Result result = CliRun.on(database, "migrate");

            assertEquals(ExitCode.FAILED, result.exitCode());
            String errors = result.err().strip();
            assertEquals(1, errors.lines().count(), errors);
            assertTrue(errors.contains("was migrated by another build") && errors.contains("Recreate it"), errors);
            assertTrue(!errors.contains("Exception") && !errors.contains("\tat "), "no stack trace: " + errors);
        }
    }
}
