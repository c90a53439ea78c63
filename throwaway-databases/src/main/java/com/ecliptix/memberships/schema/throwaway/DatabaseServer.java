package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;

/**
 * A database server on which throwaway databases can be created.
 *
 * @param admin  settings that connect to a database on the server with the right to create databases
 * @param origin how the server was found, for messages ("ECLIPTIX_DB_URL", "local PostgreSQL", ...)
 */
public record DatabaseServer(ConnectionSettings admin, String origin) {

    public Engine engine() {
        return admin.engine();
    }

    /** Settings for another database on this server, with the same credentials. */
    public ConnectionSettings database(String name) {
        return admin.withDatabase(name);
    }

    @Override
    public String toString() {
        return engine() + " at " + admin.redactedUrl() + " (" + origin + ")";
    }
}
