package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.ClassPathFiles;
import com.ecliptix.memberships.schema.Engine;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The body fingerprints ({@link BodyFingerprint#ofTsql}) of the {@code dbo} routines that the SQL
 * Server migrations on the class path create: each routine's last {@code CREATE} batch, in the order
 * Flyway applies the scripts ({@link #FLYWAY_ORDER}). A migrated SQL Server keeps exactly that batch
 * as the routine's definition, so a routine altered by hand fingerprints differently.
 */
final class TsqlMigrationRoutines {

    /** CREATE [OR ALTER] PROC[EDURE] | FUNCTION [schema.]name, names bare or [bracketed]. */
    private static final Pattern CREATE = Pattern.compile(
            "^create\\s+(?:or\\s+alter\\s+)?(?:proc|procedure|function)\\s+(?:\\[?([\\w]+)]?\\s*\\.\\s*)?\\[?([\\w]+)]?");

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql");

    private TsqlMigrationRoutines() {
    }

    /**
     * The committed (PostgreSQL) snapshot as a SQL Server database should match it: the same tables and
     * routines, each routine with the fingerprint of its batch in the SQL Server migrations.
     */
    static Catalog sqlServerExpectation(Catalog snapshot) {
        Map<String, String> fingerprints = fingerprints();
        List<Routine> routines = snapshot.routines().stream()
                .map(r -> new Routine(r.name(), r.kind(), r.parameters(), r.returns(),
                        fingerprints.get(r.name().toLowerCase(Locale.ROOT))))
                .toList();
        return new Catalog(Engine.SQLSERVER, snapshot.tables(), routines);
    }

    /** Lower-case routine name → fingerprint, for the routines of schema dbo. */
    static Map<String, String> fingerprints() {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (String script : scripts()) {
            for (String batch : TsqlText.batches(script)) {
                Matcher create = CREATE.matcher(BodyFingerprint.normalizedTsql(batch));
                if (create.find() && (create.group(1) == null || create.group(1).equals(Catalog.SCHEMA))) {
                    fingerprints.put(create.group(2), BodyFingerprint.ofTsql(batch));
                }
            }
        }
        return fingerprints;
    }

    /** The texts of the SQL Server migration scripts (the folder's .sql files) in the order Flyway applies them. */
    private static List<String> scripts() {
        String folder = "db/migration/" + Engine.SQLSERVER.folder();
        Map<String, byte[]> files = ClassPathFiles.under(TsqlMigrationRoutines.class.getClassLoader(), folder);
        List<String> scripts = files.keySet().stream()
                .map(path -> path.substring(folder.length() + 1))
                .filter(name -> name.endsWith(".sql") && !name.contains("/"))
                .sorted(FLYWAY_ORDER)
                .map(name -> new String(files.get(folder + "/" + name), StandardCharsets.UTF_8))
                .toList();
        if (scripts.isEmpty()) {
            throw new IllegalStateException("No SQL Server migrations on the class path at " + folder);
        }
        return scripts;
    }

    /** Versioned scripts by version number, then repeatable ones (and callbacks) by name. */
    private static final Comparator<String> FLYWAY_ORDER = Comparator
            .comparing((String name) -> !VERSIONED.matcher(name).matches())
            .thenComparing(TsqlMigrationRoutines::version)
            .thenComparing(Comparator.naturalOrder());

    /** The version of a versioned script; "0" for the others, which the first step of the order has put apart. */
    private static MigrationVersion version(String fileName) {
        Matcher versioned = VERSIONED.matcher(fileName);
        return MigrationVersion.fromVersion(versioned.matches() ? versioned.group(1) : "0");
    }
}
