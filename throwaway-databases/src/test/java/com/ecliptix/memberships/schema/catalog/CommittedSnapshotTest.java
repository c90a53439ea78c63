package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.FreshlyMigratedCatalog;
import com.ecliptix.memberships.schema.ObjectKind;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The build's guard: the migrations must build exactly the committed catalog snapshot. When this fails
 * the message is the diff; if the change is intended, update the snapshot (see docs/schema.md).
 */
class CommittedSnapshotTest {

    @Test
    void migrationsBuildTheCommittedSnapshot() {
        Catalog migrated = FreshlyMigratedCatalog.of(Engine.POSTGRESQL);
        CatalogDiff diff = CatalogDiff.between(CatalogSnapshot.committed(), migrated);
        assertTrue(diff.isEmpty(), () -> "The migrations no longer build the committed catalog snapshot "
                + CatalogSnapshot.RESOURCE + ".\nIf the change is intended, update it with:"
                + " " + CatalogSnapshot.UPDATE_COMMAND + "\n" + diff.render());
        assertEquals(CatalogSnapshot.render(CatalogSnapshot.committed()), CatalogSnapshot.render(migrated),
                "Same catalog but different text: regenerate the snapshot with " + CatalogSnapshot.UPDATE_COMMAND);
    }

    @Test
    void snapshotIsByteForByteStableAcrossFreshDatabases() {
        String first = CatalogSnapshot.render(FreshlyMigratedCatalog.of(Engine.POSTGRESQL));
        String second = CatalogSnapshot.render(FreshlyMigratedCatalog.of(Engine.POSTGRESQL));
        assertEquals(first, second);
    }

    @Test
    void catalogHoldsTheContractObjectsOfDboAndNothingElse() throws SQLException {
        try (ThrowawayDatabase database = ThrowawayDatabase.create(Engine.POSTGRESQL).migrate()) {
            Catalog catalog = CatalogReader.read(database.dataSource());
            assertEquals(expected(ObjectKind.TABLES), catalog.tables().size());
            assertEquals(expected(ObjectKind.FUNCTIONS), catalog.count(Routine.Kind.FUNCTION));
            assertEquals(expected(ObjectKind.PROCEDURES), catalog.count(Routine.Kind.PROCEDURE));
            assertEquals(expected(ObjectKind.TRIGGERS), catalog.triggerCount());

            List<String> elsewhere = names(database, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = '%s' AND c.relkind = 'r'
                    UNION ALL
                    SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'ecliptix_internal'
                    """.formatted(SchemaMigrator.HISTORY_SCHEMA));
            assertFalse(elsewhere.isEmpty(), "the migrated database has Flyway's table and the helper functions");
            for (String name : elsewhere) {
                assertTrue(catalog.table(name).isEmpty() && catalog.routine(name).isEmpty(), name + " is outside dbo");
            }
        }
    }

    private static long expected(ObjectKind kind) {
        return kind.expected().orElseThrow();
    }

    private static List<String> names(ThrowawayDatabase database, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
