package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.catalog.CatalogSnapshot;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * status and status --json: version, pending, contract objects by name, drift's verdict, row counts, the last day's
 * security figures, and JSON errors.
 */
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
            assertEquals("breaking", parse(json.out()).path("drift").path("verdict").asText(), json.out());
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
            JsonNode report = parse(json.out());
            String version = SchemaMigrator.of(database.dataSource(), engine).flyway().info().current().getVersion().getVersion();
            assertEquals(version, report.path("schemaVersion").asText(), json.out());
            assertEquals(0, report.path("pendingMigrations").size(), json.out());
            assertEquals(0, occurrences(json.out(), "\"present\": false"), json.out());
            assertTrue(contains(report.path("objects").path("procedures"), "VerifyOtp"), json.out());
            assertEquals(3, report.path("rowCounts").path("LoginAttempts").asLong(), json.out());
            JsonNode security = report.path("securityLast24Hours");
            assertEquals(2, security.path("failedLogins").asLong(), json.out());
            assertEquals(1, security.path("lockouts").asLong(), json.out());
            assertEquals(2, security.path("rateLimited").asLong(), json.out());
            assertEquals(0, security.path("flowsCreated").asLong(), json.out());
            Instant since = Instant.parse(security.path("since").asText());
            assertTrue(Duration.between(since, Instant.now()).minus(DatabaseStatus.SECURITY_WINDOW).abs().toMinutes() < 10,
                    "since is ISO-8601 UTC and 24 hours back: " + since);
            assertEquals(0, report.path("missing").size(), json.out());
            assertEquals("none", report.path("drift").path("verdict").asText(), json.out());
            assertTrue(report.path("complete").asBoolean(), json.out());
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

    @ParameterizedTest
    @EnumSource(Engine.class)
    void driftsVerdictIsReportedAndBreakingDriftFailsTheStatus(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            assertEquals(ExitCode.OK, CliRun.on(database, "migrate").exitCode());

            CliRun.execute(database, "CREATE INDEX \"IX_EventLog_ByHand\" ON dbo.\"EventLog\" (\"EventType\")");
            CliRun.Result compatible = CliRun.on(database, "status");
            assertEquals(ExitCode.OK, compatible.exitCode(), "an added index breaks no caller: " + compatible);
            assertTrue(compatible.out().contains("Drift from the committed snapshot: 1 compatible difference(s)"), compatible.toString());

            CliRun.execute(database, "ALTER TABLE dbo.\"EventLog\" ADD CONSTRAINT \"CHK_EventLog_ByHand\" CHECK (\"EventType\" <> 'x')");
            CliRun.Result breaking = CliRun.on(database, "status", "--json");
            JsonNode drift = parse(breaking.out()).path("drift");
            if (drift.path("notCompared").findValuesAsText("part").contains("check constraints")) {
                // Babelfish cannot read checks: the check added by hand is not compared, and the report says so.
                assertEquals(ExitCode.OK, breaking.exitCode(), breaking.toString());
                assertEquals("compatible", drift.path("verdict").asText(), breaking.out());
                assertTrue(drift.path("notCompared").findValuesAsText("view").contains("sys.check_constraints"), breaking.out());
                // A breaking drift it can see: a contract index dropped by hand.
                CliRun.execute(database, "DROP INDEX IX_EventLog_CreatedAt ON dbo.EventLog");
                breaking = CliRun.on(database, "status", "--json");
                drift = parse(breaking.out()).path("drift");
            }
            assertEquals(ExitCode.FAILED, breaking.exitCode(), breaking.toString());
            assertEquals("breaking", drift.path("verdict").asText(), breaking.out());
            assertEquals(1, drift.path("breaking").asInt(), breaking.out());
            assertEquals(1, drift.path("compatible").asInt(), breaking.out());
            assertFalse(parse(breaking.out()).path("complete").asBoolean(), breaking.out());
            assertTrue(CliRun.on(database, "status").out().contains("Status: INCOMPLETE"));
        }
    }

    @Test
    void underJsonAConnectionFailureIsAJsonErrorWithItsExitCode() {
        CliRun.Result result = CliRun.run(Map.of(), "status", "--json", "--url", "jdbc:postgresql://127.0.0.1:1/nothing_here",
                "--user", "nobody");

        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result.toString());
        JsonNode error = parse(result.out()).path("error");
        assertEquals("unreachable", error.path("kind").asText(), result.out());
        assertEquals(ExitCode.UNREACHABLE, error.path("exitCode").asInt(), result.out());
        assertEquals(result.err().strip(), error.path("message").asText(), "the same line as on standard error");
    }

    /** Parsed as a monitoring script would; Jackson comes with Flyway (flyway-core depends on jackson-databind). */
    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("status --json printed no JSON: " + json, e);
        }
    }

    private static boolean contains(JsonNode objects, String name) {
        for (JsonNode object : objects) {
            if (object.path("name").asText().equals(name)) {
                return object.path("present").asBoolean();
            }
        }
        return false;
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
