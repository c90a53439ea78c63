package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.catalog.CatalogSnapshot;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** status and status --json: version, pending, contract objects by name, row counts, the last day's security figures. */
class StatusCommandTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anEmptyDatabaseIsIncompleteWithEveryObjectMissingByName(Engine engine) {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.Result text = CliRun.on(database, "status");
            assertEquals(ExitCode.FAILED, text.exitCode(), text.toString());
            assertTrue(text.out().contains("Schema version: none"), text.toString());
            assertTrue(text.out().contains("MISSING procedure VerifyOtp"), text.toString());
            assertTrue(text.out().contains("MISSING trigger PhoneNumbers.TRG_PhoneNumbers_Update"), text.toString());
            assertTrue(text.out().contains("Status: INCOMPLETE"), text.toString());

            CliRun.Result json = CliRun.on(database, "status", "--json");
            assertEquals(ExitCode.FAILED, json.exitCode(), json.toString());
            int contractObjects = CatalogSnapshot.committed().tables().size() + CatalogSnapshot.committed().routines().size()
                    + (int) CatalogSnapshot.committed().triggerCount();
            assertEquals(contractObjects, occurrences(json.out(), "\"present\": false"), json.out());
            assertTrue(json.out().contains("\"securityLast24Hours\": null"), json.out());
            assertTrue(json.out().contains("\"complete\": false"), json.out());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aMigratedDatabaseIsCompleteAndCountsRowsAndTheLastDaysSecurityEvents(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            String falseValue = engine == Engine.POSTGRESQL ? "false" : "0";
            try (Connection c = database.dataSource().getConnection()) {
                insertLogin(c, now.minusHours(1), falseValue);
                insertLogin(c, now.minusHours(2), falseValue);
                insertLogin(c, now.minusHours(30), falseValue); // outside the window
                insertEvent(c, "lockout", now.minusHours(1));
                insertEvent(c, "rate_limited", now.minusHours(3));
                insertEvent(c, "rate_limited", now.minusHours(4));
                insertEvent(c, "rate_limited", now.minusHours(48)); // outside the window
            }

            CliRun.Result text = CliRun.on(database, "status");
            assertEquals(ExitCode.OK, text.exitCode(), text.toString());
            assertTrue(text.out().contains("0 pending"), text.toString());
            assertTrue(text.out().contains("procedures  22 of 22: "), text.toString());
            assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s+LoginAttempts\\s+3")), text.toString());
            assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s+failed logins\\s+2")), text.toString());
            assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s+lockouts\\s+1")), text.toString());
            assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s+rate-limited requests\\s+2")), text.toString());
            assertTrue(text.out().contains("Status: complete"), text.toString());

            CliRun.Result json = CliRun.on(database, "status", "--json");
            assertEquals(ExitCode.OK, json.exitCode(), json.toString());
            String out = json.out();
            String version = SchemaMigrator.of(database.dataSource(), engine).flyway().info().current().getVersion().getVersion();
            assertTrue(out.contains("\"schemaVersion\": \"" + version + "\""), out);
            assertTrue(out.contains("\"pendingMigrations\": []"), out);
            assertEquals(0, occurrences(out, "\"present\": false"), out);
            assertTrue(Pattern.compile("\"name\": \"VerifyOtp\",\\s+\"present\": true").matcher(out).find(), out);
            assertTrue(out.contains("\"LoginAttempts\": 3"), out);
            assertTrue(out.contains("\"failedLogins\": 2"), out);
            assertTrue(out.contains("\"lockouts\": 1"), out);
            assertTrue(out.contains("\"rateLimited\": 2"), out);
            assertTrue(out.contains("\"flowsCreated\": 0"), out);
            assertTrue(out.contains("\"missing\": []"), out);
            assertTrue(out.strip().startsWith("{") && out.strip().endsWith("}"), out);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDroppedProcedureAndAPendingMigrationAreNamed(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            SchemaMigrator.of(database.dataSource(), engine).migrateTo("1");
            CliRun.Result older = CliRun.on(database, "status", "--json");
            assertEquals(ExitCode.FAILED, older.exitCode(), older.toString());
            assertTrue(older.out().contains("\"version\": \"2\""), "V2 pending: " + older.out());

            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());
            CliRun.execute(database, "DROP PROCEDURE dbo.\"CleanupExpiredData\"");
            CliRun.Result dropped = CliRun.on(database, "status");
            assertEquals(ExitCode.FAILED, dropped.exitCode(), dropped.toString());
            assertTrue(dropped.out().contains("MISSING procedure CleanupExpiredData"), dropped.toString());
            assertEquals(1, dropped.out().lines().filter(l -> l.contains("MISSING")).count(), dropped.toString());
        }
    }

    private static void insertLogin(Connection c, LocalDateTime at, String falseValue) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\", \"IsSuccess\","
                + " \"CreatedAt\", \"UpdatedAt\") VALUES ('+15550000001', 'invalid_credentials', " + falseValue + ", ?, ?)")) {
            s.setObject(1, at);
            s.setObject(2, at);
            s.executeUpdate();
        }
    }

    private static void insertEvent(Connection c, String type, LocalDateTime at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO dbo.\"EventLog\" (\"EventType\", \"Message\", \"CreatedAt\") VALUES (?, 'Test.Status', ?)")) {
            s.setString(1, type);
            s.setObject(2, at);
            s.executeUpdate();
        }
    }

    private static int occurrences(String text, String fragment) {
        Matcher m = Pattern.compile(Pattern.quote(fragment)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
