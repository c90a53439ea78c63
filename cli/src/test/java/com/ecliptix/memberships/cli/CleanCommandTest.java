package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** clean is refused without --allow-clean and the database's name; with both it empties the schema for migrate. */
class CleanCommandTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void refusedWithoutBothConfirmationsAndNothingIsDropped(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());
            long tables = CliRun.userTables(database);
            long history = CliRun.historyRows(database);

            for (String[] options : new String[][] {
                    {},
                    {"--confirm", database.name()},
                    {"--allow-clean"},
                    {"--allow-clean", "--confirm", "some_other_database"},
                    {"--allow-clean", "--confirm", database.name().toUpperCase()}}) {
                CliRun.Result refused = CliRun.on(database, "clean", options);
                assertEquals(ExitCode.REFUSED, refused.exitCode(), String.join(" ", options) + ": " + refused);
                assertEquals(1, refused.err().strip().lines().count(), refused.toString());
                assertTrue(refused.err().contains("clean refused") && refused.err().contains(database.name()), refused.toString());
                assertEquals(tables, CliRun.userTables(database), "objects still there after " + String.join(" ", options));
                assertEquals(history, CliRun.historyRows(database));
            }
            assertTrue(CliRun.on(database, "clean").err().contains("cleanDisabled stays on"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void withBothItDropsEverythingAndMigrateBuildsItAgain(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.skipOnBabelfish(database, "Flyway's clean of a SQL Server schema reads sys.service_queues, which Babelfish lacks",
                    "SELECT COUNT(*) FROM sys.service_queues -> relation \"sys.service_queues\" does not exist");
            long empty = CliRun.userTables(database);
            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());

            CliRun.Result clean = CliRun.on(database, "clean", "--allow-clean", "--confirm", database.name());

            assertEquals(ExitCode.OK, clean.exitCode(), clean.toString());
            assertTrue(clean.out().startsWith("Cleaned " + database.name()), clean.toString());
            assertEquals(empty, CliRun.userTables(database), "no table left");
            assertEquals(0, CliRun.historyRows(database));
            CliRun.Result migrate = CliRun.on(database, "migrate");
            assertEquals(ExitCode.OK, migrate.exitCode(), migrate.toString());
            assertTrue(migrate.out().contains("Status: complete"), migrate.toString());
        }
    }
}
