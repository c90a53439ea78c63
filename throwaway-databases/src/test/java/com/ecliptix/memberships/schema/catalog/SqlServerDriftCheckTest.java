package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.catalog.Difference.Change;
import com.ecliptix.memberships.schema.catalog.Difference.Impact;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Drift of routine bodies on a T-SQL engine: the definition a migrated SQL Server keeps fingerprints as
 * the migration file's batch does, and a procedure altered by hand does not. Runs whenever a SQL Server
 * is reachable ({@code ECLIPTIX_DB_URL} with a {@code jdbc:sqlserver:} URL, or Docker); otherwise each
 * test is reported as skipped with the reason.
 */
class SqlServerDriftCheckTest {

    private static DatabaseServer sqlServer() {
        return DatabaseServers.find(Engine.SQLSERVER)
                .orElseGet(() -> Assumptions.abort(DatabaseServers.unavailableReason(Engine.SQLSERVER)));
    }

    private static DriftReport driftAfter(String... batches) throws SQLException {
        try (ThrowawayDatabase database = ThrowawayDatabase.create(sqlServer()).migrate()) {
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                for (String batch : batches) {
                    statement.execute(batch);
                }
            }
            return DriftCheck.against(database.dataSource()).compareWithCommittedSnapshot();
        }
    }

    private static List<Difference> bodyChanges(DriftReport report) {
        return report.differences().stream().filter(d -> d.object().endsWith(" body")).toList();
    }

    @Test
    void freshlyMigratedRoutinesMatchTheMigrationFiles() throws SQLException {
        DriftReport report = driftAfter();
        assertTrue(report.diff().bodiesCompared(), report.render());
        assertEquals(List.of(), bodyChanges(report), report.render());
        assertTrue(report.actual().routines().stream().allMatch(r -> r.bodyHash() != null), report.render());
    }

    @Test
    void procedureAlteredByHandIsABreakingBodyChange() throws SQLException {
        DriftReport report = driftAfter(
                "DROP PROCEDURE dbo.ExpireAssociatedOtp",
                """
                CREATE PROCEDURE dbo.ExpireAssociatedOtp
                    @FlowUniqueId UNIQUEIDENTIFIER,
                    @ExpiredCount INT = NULL OUTPUT,
                    @Outcome NVARCHAR(50) = NULL OUTPUT
                AS
                BEGIN
                    -- hot fix applied by hand: no lock, nothing expired
                    SET @ExpiredCount = 0;
                    SET @Outcome = N'expired';
                END;
                """);
        List<Difference> bodies = bodyChanges(report);
        assertEquals(1, bodies.size(), report.render());
        Difference body = bodies.get(0);
        assertEquals("procedure ExpireAssociatedOtp body", body.object());
        assertEquals(Change.CHANGED, body.change());
        assertEquals(Impact.BREAKING, body.impact());
        assertTrue(report.hasBreakingChanges());
        assertTrue(report.render().contains("procedure ExpireAssociatedOtp body"), report.render());
    }
}
