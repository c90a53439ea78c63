package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.adoption.AdoptionRule;
import com.ecliptix.memberships.schema.throwaway.LegacyFixture;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import com.ecliptix.memberships.schema.TsqlBatches;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * adopt: refuses, in one line and changing nothing, what is not the legacy database; on the legacy fixture
 * the dry run prints the counts and every conflict and changes nothing, and adopt converts, records and
 * migrates, once. What the adoption does to the rows is LegacyAdoptionTest's (integration tests).
 */
class AdoptCommandTest {

    @Test
    void aPostgresqlDatabaseIsRefusedInOneLine() throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(Engine.POSTGRESQL)) {
            for (String[] verb : new String[][] {{"adopt"}, {"adopt", "--dry-run"}}) {
                CliRun.Result refused = CliRun.on(database, verb[0], java.util.Arrays.copyOfRange(verb, 1, verb.length));
                assertEquals(ExitCode.FAILED, refused.exitCode(), refused.toString());
                assertEquals(1, refused.err().strip().lines().count(), refused.toString());
                assertTrue(refused.err().contains("POSTGRESQL"), refused.toString());
                assertEquals(0, CliRun.userTables(database), "nothing created");
            }
        }
    }

    @Test
    void aMigratedDatabaseIsRefusedInOneLine() throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(Engine.SQLSERVER).migrate()) {
            long history = CliRun.historyRows(database);
            CliRun.Result refused = CliRun.on(database, "adopt");
            assertEquals(ExitCode.FAILED, refused.exitCode(), refused.toString());
            assertEquals(1, refused.err().strip().lines().count(), refused.toString());
            assertTrue(refused.err().contains("Flyway history"), refused.toString());
            assertEquals(history, CliRun.historyRows(database));
        }
    }

    @Test
    void anEmptyDatabaseIsRefusedInOneLine() throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(Engine.SQLSERVER)) {
            CliRun.Result refused = CliRun.on(database, "adopt", "--dry-run");
            assertEquals(ExitCode.FAILED, refused.exitCode(), refused.toString());
            assertEquals(1, refused.err().strip().lines().count(), refused.toString());
            assertTrue(refused.err().contains("no tables"), refused.toString());
            assertEquals(0, CliRun.userTables(database));
        }
    }

    @Test
    void theDryRunPrintsTheCountsAndConflictsThenAdoptConvertsOnce() throws SQLException {
        try (ThrowawayDatabase database = LegacyFixture.build(CliRun.database(Engine.SQLSERVER))) {
            long tables = CliRun.userTables(database);
            long logins = CliRun.count(database, "SELECT COUNT(*) FROM dbo.LoginAttempts");

            CliRun.Result dryRun = CliRun.on(database, "adopt", "--dry-run");
            assertEquals(ExitCode.OK, dryRun.exitCode(), dryRun.toString());
            assertTrue(dryRun.out().contains("found the legacy EcliptixMemberships schema"), dryRun.toString());
            assertTrue(dryRun.out().lines().anyMatch(line -> line.matches("LoginAttempts +62 +55 +7 +0")), dryRun.toString());
            for (AdoptionRule rule : AdoptionRule.values()) {
                assertTrue(dryRun.out().contains(" " + rule.code() + " "), rule.code() + " in " + dryRun);
            }
            assertTrue(dryRun.out().contains("nothing was changed"), dryRun.toString());
            assertEquals(tables, CliRun.userTables(database));
            assertEquals(logins, CliRun.count(database, "SELECT COUNT(*) FROM dbo.LoginAttempts"));
            assertEquals(0, CliRun.historyRows(database));

            CliRun.Result adopt = CliRun.on(database, "adopt");
            assertTrue(adopt.out().contains("Recorded version 1 in Flyway's history"), adopt.toString());
            // The status it ends with is the one a fresh migrate ends with (complete on SQL Server).
            try (ThrowawayDatabase fresh = CliRun.database(Engine.SQLSERVER)) {
                CliRun.Result migrate = CliRun.on(fresh, "migrate");
                assertEquals(migrate.exitCode(), adopt.exitCode(), adopt + "\n" + migrate);
                assertEquals(statusTable(migrate.out()), statusTable(adopt.out()));
            }
            assertEquals(logins, CliRun.count(database, "SELECT COUNT(*) FROM dbo.LoginAttempts"));

            CliRun.Result again = CliRun.on(database, "adopt");
            assertEquals(ExitCode.FAILED, again.exitCode(), again.toString());
            assertEquals(1, again.err().strip().lines().count(), again.toString());
            assertTrue(again.err().contains("Flyway history"), again.toString());
        }
    }

    /**
     * An adoption whose conversion committed but whose recording did not happen leaves version 1's objects
     * without a history (made here by running V1__baseline.sql by hand): adopt only records and migrates it.
     */
    @Test
    void aConvertedDatabaseWithoutItsRecordingIsRecordedAndMigrated() throws SQLException, IOException {
        try (ThrowawayDatabase database = CliRun.database(Engine.SQLSERVER)) {
            String baseline;
            try (InputStream in = AdoptCommandTest.class.getClassLoader().getResourceAsStream("db/migration/sqlserver/V1__baseline.sql")) {
                baseline = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            CliRun.execute(database, TsqlBatches.nonBlank(baseline).toArray(String[]::new));

            CliRun.Result dryRun = CliRun.on(database, "adopt", "--dry-run");
            assertEquals(ExitCode.FAILED, dryRun.exitCode(), dryRun.toString());
            assertTrue(dryRun.err().contains("Nothing to convert"), dryRun.toString());

            CliRun.Result adopt = CliRun.on(database, "adopt");
            assertTrue(adopt.out().contains("an earlier adoption had converted it"), adopt.toString());
            assertTrue(adopt.out().contains("Recorded version 1 in Flyway's history"), adopt.toString());
            assertTrue(CliRun.historyRows(database) > 1, adopt.toString());
            assertEquals(ExitCode.FAILED, CliRun.on(database, "adopt").exitCode());
        }
    }

    /** The status report's lines from "Schema version" on, without the database's name. */
    private static String statusTable(String out) {
        return out.substring(out.indexOf("Schema version:")).replaceAll("\\(\\d+ migrations applied", "(n migrations applied");
    }
}
