package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.catalog.Difference.Change;
import com.ecliptix.memberships.schema.catalog.Difference.Impact;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Out-of-band changes to a migrated database, each made by hand the way an operator would, must show in
 * the drift report against the committed snapshot, named and classified. Each test has a database of its own.
 */
class DriftCheckTest {

    /** What the report must say: change, impact and object of every difference, nothing more. */
    private record Expected(Change change, Impact impact, String object) {
    }

    private static DriftReport driftAfter(String... statements) throws SQLException {
        try (ThrowawayDatabase database = ThrowawayDatabase.create(Engine.POSTGRESQL).migrate()) {
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            return DriftCheck.against(database.dataSource()).compareWithCommittedSnapshot();
        }
    }

    private static void assertDrift(DriftReport report, Expected... expected) {
        Set<Expected> actual = report.differences().stream()
                .map(d -> new Expected(d.change(), d.impact(), d.object())).collect(Collectors.toSet());
        assertEquals(Set.of(expected), actual, report.render());
        String rendered = report.render();
        for (Expected e : expected) {
            assertTrue(rendered.contains(e.impact() + " ") && rendered.contains(e.object()), rendered);
        }
    }

    @Test
    void freshMigrationHasNoDrift() throws SQLException {
        DriftReport report = driftAfter();
        assertFalse(report.hasDrift(), report.render());
        assertTrue(report.render().contains("No drift"), report.render());
    }

    @Test
    void procedureAlteredByHandIsABreakingBodyChange() throws SQLException {
        DriftReport report = driftAfter("""
                CREATE OR REPLACE PROCEDURE dbo."ExpireAssociatedOtp"(
                    "FlowUniqueId" uuid,
                    INOUT "ExpiredCount" integer DEFAULT NULL,
                    INOUT "Outcome" varchar DEFAULT NULL
                )
                LANGUAGE plpgsql
                AS $$
                BEGIN
                    -- hot fix applied by hand: no lock, nothing expired
                    "ExpiredCount" := 0;
                    "Outcome" := 'expired';
                END;
                $$
                """);
        assertDrift(report, new Expected(Change.CHANGED, Impact.BREAKING, "procedure ExpireAssociatedOtp body"));
    }

    @Test
    void droppedIndexIsBreaking() throws SQLException {
        DriftReport report = driftAfter("DROP INDEX dbo.\"IX_VerificationFlows_PhoneNumberId_CreatedAt\"");
        assertDrift(report, new Expected(Change.REMOVED, Impact.BREAKING, "index VerificationFlows.IX_VerificationFlows_PhoneNumberId_CreatedAt"));
    }

    @Test
    void disabledTriggerIsBreaking() throws SQLException {
        DriftReport report = driftAfter("ALTER TABLE dbo.\"PhoneNumbers\" DISABLE TRIGGER \"TRG_PhoneNumbers_Update\"");
        assertDrift(report, new Expected(Change.CHANGED, Impact.BREAKING, "trigger PhoneNumbers.TRG_PhoneNumbers_Update"));
        assertEquals("trigger disabled", report.differences().get(0).reason());
    }

    @Test
    void widenedColumnIsCompatible() throws SQLException {
        DriftReport report = driftAfter("ALTER TABLE dbo.\"PhoneNumbers\" ALTER COLUMN \"PhoneNumber\" TYPE varchar(40)");
        assertDrift(report, new Expected(Change.CHANGED, Impact.COMPATIBLE, "column PhoneNumbers.PhoneNumber"));
        Difference widened = report.differences().get(0);
        assertEquals("column PhoneNumber text(18) not null", widened.expected());
        assertEquals("column PhoneNumber text(40) not null", widened.actual());
        assertFalse(report.hasBreakingChanges());
    }

    @Test
    void removedParameterIsBreaking() throws SQLException {
        DriftReport report = driftAfter(
                "DROP PROCEDURE dbo.\"UpdateOtpStatus\"",
                """
                CREATE PROCEDURE dbo."UpdateOtpStatus"(
                    "OtpUniqueId" uuid,
                    INOUT "Outcome" varchar DEFAULT NULL
                )
                LANGUAGE plpgsql
                AS $$
                BEGIN
                    "Outcome" := 'updated';
                END;
                $$
                """);
        assertDrift(report,
                new Expected(Change.REMOVED, Impact.BREAKING, "parameter UpdateOtpStatus.NewStatus"),
                new Expected(Change.CHANGED, Impact.BREAKING, "procedure UpdateOtpStatus body"));
    }

    @Test
    void droppedColumnIsBreaking() throws SQLException {
        DriftReport report = driftAfter("ALTER TABLE dbo.\"PhoneNumbers\" DROP COLUMN \"Region\"");
        assertDrift(report, new Expected(Change.REMOVED, Impact.BREAKING, "column PhoneNumbers.Region"));
    }

    @Test
    void addedNullableColumnAndIndexAreCompatible() throws SQLException {
        DriftReport report = driftAfter(
                "ALTER TABLE dbo.\"EventLog\" ADD COLUMN \"Source\" varchar(50) NULL",
                "CREATE INDEX \"IX_EventLog_EventType\" ON dbo.\"EventLog\" (\"EventType\")");
        assertDrift(report,
                new Expected(Change.ADDED, Impact.COMPATIBLE, "column EventLog.Source"),
                new Expected(Change.ADDED, Impact.COMPATIBLE, "index EventLog.IX_EventLog_EventType"));
        assertTrue(report.hasDrift());
        assertFalse(report.hasBreakingChanges());
    }
}
