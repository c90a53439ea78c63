package com.ecliptix.memberships.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * What a database holds of the EcliptixMemberships schema: the applied schema version and the
 * contract objects present in {@code dbo}, by kind, against the counts the contract expects.
 */
public record SchemaStatus(
        Engine engine, String schemaVersion, int appliedMigrations, int pendingMigrations, Map<ObjectKind, Integer> present) {

    /** Reads the status (applied migrations count scripts only, not Flyway's schema-creation marker) of the database behind a data source. */
    public static SchemaStatus read(DataSource dataSource) {
        SchemaMigrator migrator = SchemaMigrator.of(dataSource);
        MigrationInfoService info = migrator.flyway().info();
        MigrationInfo current = info.current();
        Map<ObjectKind, Integer> present = new EnumMap<>(ObjectKind.class);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (ObjectKind kind : ObjectKind.values()) {
                try (ResultSet rs = statement.executeQuery(kind.countQuery(migrator.engine()))) {
                    rs.next();
                    present.put(kind, rs.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the catalog: " + e.getMessage(), e);
        }
        return new SchemaStatus(
                migrator.engine(),
                current == null ? "none" : current.getVersion().getVersion(),
                (int) Arrays.stream(info.applied()).filter(m -> m.getChecksum() != null).count(),
                info.pending().length,
                Map.copyOf(present));
    }

    /** True when no migration is pending and every kind with an expected count has exactly that many. */
    public boolean complete() {
        return pendingMigrations == 0 && present.entrySet().stream()
                .allMatch(e -> e.getKey().expected().stream().allMatch(n -> n == e.getValue()));
    }

    /** The report the main job prints. */
    public String report(String databaseDescription) {
        StringBuilder out = new StringBuilder();
        out.append("EcliptixMemberships schema on ").append(databaseDescription).append(" (").append(engine).append(")\n");
        out.append("Schema version: ").append(schemaVersion).append(" (").append(appliedMigrations)
                .append(" migrations applied, ").append(pendingMigrations).append(" pending)\n");
        out.append(String.format("%-12s %8s %9s%n", "kind", "present", "expected"));
        for (ObjectKind kind : ObjectKind.values()) {
            int count = present.get(kind);
            OptionalInt expected = kind.expected();
            out.append(String.format("%-12s %8d %9s  %s%n",
                    kind.name().toLowerCase(), count,
                    expected.isPresent() ? String.valueOf(expected.getAsInt()) : "-",
                    expected.isEmpty() ? "" : expected.getAsInt() == count ? "ok" : "MISMATCH"));
        }
        out.append("Status: ").append(complete() ? "complete" : "INCOMPLETE").append('\n');
        return out.toString();
    }
}
