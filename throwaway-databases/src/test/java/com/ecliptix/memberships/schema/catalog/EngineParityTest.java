package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.FreshlyMigratedCatalog;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SQL Server migrations build the same catalog as the PostgreSQL ones, after normalization and
 * apart from routine bodies. Runs whenever a SQL Server is reachable ({@code ECLIPTIX_DB_URL} with a
 * {@code jdbc:sqlserver:} URL, or Docker); otherwise each test is reported as skipped with the reason.
 */
class EngineParityTest {

    private static DatabaseServer sqlServer() {
        return DatabaseServers.find(Engine.SQLSERVER)
                .orElseGet(() -> Assumptions.abort(DatabaseServers.unavailableReason(Engine.SQLSERVER)));
    }

    @Test
    void sqlServerCatalogEqualsPostgresCatalog() {
        Catalog sqlServer = FreshlyMigratedCatalog.of(sqlServer());
        Catalog postgres = FreshlyMigratedCatalog.of(Engine.POSTGRESQL);
        CatalogDiff diff = CatalogDiff.between(postgres, sqlServer);
        assertTrue(diff.isEmpty(), () -> "SQL Server differs from PostgreSQL:\n" + diff.render());
    }

    @Test
    void sqlServerCatalogMatchesTheCommittedSnapshot() {
        Catalog sqlServer = FreshlyMigratedCatalog.of(sqlServer());
        CatalogDiff diff = CatalogDiff.between(CatalogSnapshot.committed(), sqlServer);
        assertTrue(diff.isEmpty(), () -> "SQL Server differs from the committed snapshot:\n" + diff.render());
    }

    @Test
    void sqlServerRoutinesHaveBodyFingerprintsForDriftChecksWithinSqlServer() {
        Catalog sqlServer = FreshlyMigratedCatalog.of(sqlServer());
        assertTrue(!sqlServer.routines().isEmpty() && sqlServer.routines().stream().allMatch(r -> r.bodyHash() != null),
                () -> CatalogSnapshot.render(sqlServer));
    }
}
