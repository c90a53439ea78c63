package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.catalog.Difference.Change;
import com.ecliptix.memberships.schema.catalog.Difference.Impact;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Drift of routine bodies on a T-SQL engine: the definition a migrated SQL Server keeps fingerprints as
 * the migration file's batch does, and a procedure altered by hand does not. Runs whenever a SQL Server
 * is reachable ({@code ECLIPTIX_DB_URL} with a {@code jdbc:sqlserver:} URL, or Docker); otherwise each
 * test is reported as skipped with the reason ({@link TsqlEngine}).
 */
class SqlServerDriftCheckTest {

    private static final String HAND_ALTERED = """
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
            """;

    private static ThrowawayDatabase migratedAfter(String... batches) throws SQLException {
        ThrowawayDatabase database = ThrowawayDatabase.create(TsqlEngine.server()).migrate();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String batch : batches) {
                statement.execute(batch);
            }
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** Lower-case routine name → fingerprint of the definition the database keeps. */
    private static Map<String, String> databaseFingerprints(ThrowawayDatabase database) throws SQLException {
        Map<String, String> fingerprints = new TreeMap<>();
        try (Connection connection = database.dataSource().getConnection()) {
            SqlServerCatalogReader.definitions(connection).forEach(
                    (name, definition) -> fingerprints.put(name.toLowerCase(Locale.ROOT), BodyFingerprint.ofTsql(definition)));
        }
        return fingerprints;
    }

    @Test
    void theDatabaseKeepsEachRoutineAsItsMigrationBatchFingerprints() throws SQLException {
        try (ThrowawayDatabase database = migratedAfter()) {
            assertEquals(new TreeMap<>(TsqlMigrationRoutines.fingerprints()), databaseFingerprints(database));
        }
    }

    @Test
    void aProcedureAlteredByHandFingerprintsDifferently() throws SQLException {
        try (ThrowawayDatabase database = migratedAfter("DROP PROCEDURE dbo.ExpireAssociatedOtp", HAND_ALTERED)) {
            Map<String, String> expected = new TreeMap<>(TsqlMigrationRoutines.fingerprints());
            Map<String, String> actual = databaseFingerprints(database);
            assertNotEquals(expected.get("expireassociatedotp"), actual.get("expireassociatedotp"));
            expected.remove("expireassociatedotp");
            actual.remove("expireassociatedotp");
            assertEquals(expected, actual, "every other routine is as migrated");
        }
    }

    @Test
    void theDriftReportNamesTheProcedureAlteredByHand() throws SQLException {
        DriftReport report;
        try (ThrowawayDatabase database = migratedAfter("DROP PROCEDURE dbo.ExpireAssociatedOtp", HAND_ALTERED)) {
            TsqlEngine.catalog(database);
            report = DriftCheck.against(database.dataSource()).compareWithCommittedSnapshot();
        }
        assertTrue(report.diff().bodiesCompared(), report.render());
        List<Difference> bodies = report.differences().stream().filter(d -> d.object().endsWith(" body")).toList();
        assertEquals(1, bodies.size(), report.render());
        Difference body = bodies.get(0);
        assertEquals("procedure ExpireAssociatedOtp body", body.object());
        assertEquals(Change.CHANGED, body.change());
        assertEquals(Impact.BREAKING, body.impact());
        assertTrue(report.hasBreakingChanges());
    }
}
