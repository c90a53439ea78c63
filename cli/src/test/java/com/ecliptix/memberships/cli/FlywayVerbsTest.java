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

/** info, validate, repair and baseline, each on a database of its own. */
class FlywayVerbsTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void infoShowsEveryMigrationWithItsState(Engine engine) {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.Result before = CliRun.on(database, "info");
            assertEquals(ExitCode.OK, before.exitCode(), before.toString());
            List<String> lines = before.out().lines().toList();
            assertTrue(lines.get(1).matches("version\\s+description\\s+type\\s+installed on\\s+state"), before.toString());
            assertTrue(lines.stream().anyMatch(l -> l.matches("1\\s+baseline\\s+SQL\\s+Pending")), before.toString());

            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());
            CliRun.Result after = CliRun.on(database, "info");
            assertTrue(after.out().lines().anyMatch(l -> l.matches(
                    "1\\s+baseline\\s+SQL\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\s+Success")), after.toString());
            assertTrue(after.out().lines().noneMatch(l -> l.endsWith("Pending")), after.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void validateFindsAStaleChecksumAndRepairRealignsIt(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.Result fresh = CliRun.on(database, "validate");
            assertEquals(ExitCode.FAILED, fresh.exitCode(), "pending migrations do not validate: " + fresh);

            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());
            CliRun.Result valid = CliRun.on(database, "validate");
            assertEquals(ExitCode.OK, valid.exitCode(), valid.toString());
            assertTrue(valid.out().startsWith("Valid: "), valid.toString());

            CliRun.execute(database, "UPDATE flyway.flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
            CliRun.Result invalid = CliRun.on(database, "validate");
            assertEquals(ExitCode.FAILED, invalid.exitCode(), invalid.toString());
            assertTrue(invalid.out().contains("version 2") && invalid.out().toLowerCase().contains("checksum"), invalid.toString());

            long rows = CliRun.historyRows(database);
            CliRun.Result repair = CliRun.on(database, "repair");
            assertEquals(ExitCode.OK, repair.exitCode(), repair.toString());
            assertTrue(repair.out().contains("realigned: version 2"), repair.toString());
            assertEquals(rows, CliRun.historyRows(database), "repair changes entries, adds none");
            assertEquals(ExitCode.OK, CliRun.on(database, "validate").exitCode());

            CliRun.Result nothing = CliRun.on(database, "repair");
            assertTrue(nothing.out().contains("nothing to repair"), nothing.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void baselineOfADatabaseBuiltWithoutFlywayThenMigrateAppliesTheRest(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.skipOnBabelfish(database, "Flyway's check that a SQL Server schema is empty compares a bit column with an"
                    + " integer, which Babelfish refuses", "SELECT COUNT(*) FROM sys.assemblies WHERE is_user_defined = 1"
                    + " -> operator does not exist: bit = integer");
            // A database whose V1 objects came from the seed scripts: V1 applied, Flyway's history gone.
            SchemaMigrator.of(database.dataSource(), engine).migrateTo("1");
            CliRun.execute(database, "DROP TABLE flyway.flyway_schema_history");
            assertEquals(0, CliRun.historyRows(database));

            CliRun.Result baseline = CliRun.on(database, "baseline");
            assertEquals(ExitCode.OK, baseline.exitCode(), baseline.toString());
            assertTrue(baseline.out().contains("at version 1"), baseline.toString());
            assertEquals(1, CliRun.count(database, "SELECT count(*) FROM flyway.flyway_schema_history WHERE type = 'BASELINE'"));

            CliRun.Result migrate = CliRun.on(database, "migrate");
            assertEquals(ExitCode.OK, migrate.exitCode(), migrate.toString());
            assertTrue(migrate.out().contains("Status: complete"), migrate.toString());
            assertEquals(0, CliRun.count(database, "SELECT count(*) FROM flyway.flyway_schema_history WHERE version = '1' AND type = 'SQL'"),
                    "V1 was not run again");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void baselineOfAnEmptyDatabaseIsRefusedAndRecordsNothing(Engine engine) {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.Result baseline = CliRun.on(database, "baseline");

            assertEquals(ExitCode.FAILED, baseline.exitCode(), baseline.toString());
            assertTrue(baseline.err().contains("has no table in schema dbo") && baseline.err().contains("Run `migrate`"),
                    baseline.toString());
            assertEquals(1, baseline.err().strip().lines().count(), baseline.toString());
            CliRun.Result migrate = CliRun.on(database, "migrate");
            assertEquals(ExitCode.OK, migrate.exitCode(), "nothing was recorded, so migrate creates everything: " + migrate);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void validateOfAnUnmigratedDatabaseSaysThereIsNothingToValidate(Engine engine) {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.Result validate = CliRun.on(database, "validate");

            assertEquals(ExitCode.FAILED, validate.exitCode(), validate.toString());
            assertTrue(validate.out().startsWith("Nothing to validate: "), validate.toString());
            assertTrue(validate.out().contains("Run `migrate`"), validate.toString());
            assertFalse(validate.out().contains("repair"), "repair would not help here: " + validate);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void baselineOfAMigratedDatabaseIsRefusedInOneLine(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());
            long rows = CliRun.historyRows(database);

            CliRun.Result baseline = CliRun.on(database, "baseline");

            assertEquals(ExitCode.FAILED, baseline.exitCode(), baseline.toString());
            assertEquals(1, baseline.err().strip().lines().count(), baseline.toString());
            assertTrue(baseline.err().contains("already has a migration history"), baseline.toString());
            assertFalse(baseline.err().contains("flywaydb.org"), "the project's own words, not Flyway's: " + baseline);
            assertEquals(rows, CliRun.historyRows(database), "history untouched");
        }
    }
}
