package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.RoutineCallException;
import com.ecliptix.memberships.SchemaVersionException;
import com.ecliptix.memberships.generated.routines.GetConfigValue;
import java.util.Optional;

/**
 * The check on connect that the database is at the schema version the API was generated from. It reads
 * {@code Schema.Version} through {@code GetConfigValue}, the one thing the application role may read,
 * never a table or Flyway's history.
 */
public final class SchemaVersionCheck {

    /** The configuration key each versioned migration sets to its version. */
    public static final String KEY = "Schema.Version";

    /** How an application migrates: the README's main job, the schema artifact, or the command line. */
    static final String HOW_TO_MIGRATE = "migrate it with the schema artifact of the same release:"
            + " SchemaMigrator.of(dataSource).migrate() from Java, or the command line's `java -jar ecliptix-memberships-cli.jar migrate`"
            + " with ECLIPTIX_DB_URL set (see the README's two commands and docs/command-line.md)";

    private SchemaVersionCheck() {
    }

    /** Returns the database's version when it is {@code expected}; otherwise throws {@link SchemaVersionException}. */
    public static String require(RoutineCalls routines, String expected) {
        Optional<String> found = read(routines, expected);
        if (found.isEmpty()) {
            throw new SchemaVersionException(null, expected, "The database has no schema version (" + KEY
                    + " is not set): this API needs EcliptixMemberships schema version " + expected + "; "
                    + HOW_TO_MIGRATE + ".", null);
        }
        String version = found.get();
        if (!version.equals(expected)) {
            throw new SchemaVersionException(version, expected, mismatch(version, expected), null);
        }
        return version;
    }

    static String mismatch(String found, String expected) {
        String what = "The database is at EcliptixMemberships schema version " + found
                + ", but this API (ecliptix-memberships-dao) was generated from version " + expected + "; ";
        return what + (isNewer(found, expected)
                ? "use the ecliptix-memberships-dao release of schema version " + found + "."
                : HOW_TO_MIGRATE + ".");
    }

    private static boolean isNewer(String found, String expected) {
        try {
            return Integer.parseInt(found) > Integer.parseInt(expected);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> read(RoutineCalls routines, String expected) {
        Outputs out;
        try {
            out = routines.call(RoutineCall.of(GetConfigValue.class).set(GetConfigValue.CONFIG_KEY, KEY));
        } catch (RoutineCallException e) {
            if (DatabaseFailures.isMissingObject(e)) {
                throw new SchemaVersionException(null, expected, "The database has no EcliptixMemberships schema"
                        + " (dbo.GetConfigValue does not exist): this API needs schema version " + expected + "; "
                        + HOW_TO_MIGRATE + ".", e);
            }
            throw e;
        }
        return Optional.ofNullable(out.get(GetConfigValue.RETURN_VALUE));
    }
}
