package com.ecliptix.memberships;

import java.util.Optional;

/**
 * The database is not at the schema version this API was generated from (or has no EcliptixMemberships
 * schema at all), found by {@code build()}, before any other call. The message names both versions and
 * how to migrate.
 */
public final class SchemaVersionException extends EcliptixMembershipsException {

    private final String databaseVersion;
    private final String expectedVersion;

    /** Public for the API's own packages and for stand-ins in an application's tests. */
    public SchemaVersionException(String databaseVersion, String expectedVersion, String message, Throwable cause) {
        super(ErrorKind.SCHEMA_VERSION, message, cause);
        this.databaseVersion = databaseVersion;
        this.expectedVersion = expectedVersion;
    }

    /** The database's {@code Schema.Version}, or empty when it has none (not migrated). */
    public Optional<String> databaseVersion() {
        return Optional.ofNullable(databaseVersion);
    }

    /** The version this API was generated from ({@link EcliptixMemberships#SCHEMA_VERSION}). */
    public String expectedVersion() {
        return expectedVersion;
    }
}
