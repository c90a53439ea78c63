package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.FreshlyMigratedCatalog;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import org.junit.jupiter.api.Test;

/**
 * The SQL Server migrations build the same catalog as the PostgreSQL ones, after normalization and
 * apart from routine bodies. Runs whenever a SQL Server is reachable ({@code ECLIPTIX_DB_URL} with a
 * {@code jdbc:sqlserver:} URL, or Docker); otherwise each test is reported as skipped with the reason, as it is
 * on a T-SQL engine whose catalog cannot answer what SQL Server's does ({@link TsqlEngine}).
 */
class EngineParityTest {

    private static Catalog freshSqlServerCatalog() {
        try (ThrowawayDatabase database = ThrowawayDatabase.create(TsqlEngine.server()).migrate()) {
            return TsqlEngine.catalog(database);
        }
    }

    @Test
    void sqlServerCatalogEqualsPostgresCatalog() {
        Catalog sqlServer = freshSqlServerCatalog();
        Catalog postgres = FreshlyMigratedCatalog.of(Engine.POSTGRESQL);
        CatalogDiff diff = CatalogDiff.between(postgres, sqlServer);
        assertTrue(diff.isEmpty(), () -> "SQL Server differs from PostgreSQL:\n" + diff.render());
    }

    @Test
    void sqlServerCatalogMatchesTheCommittedSnapshot() {
        Catalog sqlServer = freshSqlServerCatalog();
        CatalogDiff diff = CatalogDiff.between(CatalogSnapshot.committed(), sqlServer);
        assertTrue(diff.isEmpty(), () -> "SQL Server differs from the committed snapshot:\n" + diff.render());
    }

    @Test
    void sqlServerRoutinesHaveBodyFingerprintsForDriftChecksWithinSqlServer() {
        Catalog sqlServer = freshSqlServerCatalog();
        assertTrue(!sqlServer.routines().isEmpty() && sqlServer.routines().stream().allMatch(r -> r.bodyHash() != null),
                () -> CatalogSnapshot.render(sqlServer));
    }
}
