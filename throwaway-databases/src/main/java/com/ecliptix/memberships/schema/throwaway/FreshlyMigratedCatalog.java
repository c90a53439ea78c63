package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.catalog.Catalog;
import com.ecliptix.memberships.schema.catalog.CatalogReader;

/** The catalog of a freshly migrated database: migrates a throwaway database, reads its catalog, and drops it. */
public final class FreshlyMigratedCatalog {

    private FreshlyMigratedCatalog() {
    }

    /** On the first server of the engine that {@link DatabaseServers} finds. */
    public static Catalog of(Engine engine) {
        return of(DatabaseServers.locate(engine));
    }

    public static Catalog of(DatabaseServer server) {
        try (ThrowawayDatabase database = ThrowawayDatabase.create(server)) {
            database.migrate();
            return CatalogReader.read(database.dataSource());
        }
    }
}
