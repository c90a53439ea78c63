package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;

/** The catalog the migrations build: migrates a throwaway database, reads it, and drops it. */
public final class MigratedCatalog {

    private MigratedCatalog() {
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
