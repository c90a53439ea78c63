package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a database holds in schema {@code dbo}, with engine types and expressions normalized so that
 * a SQL Server and a PostgreSQL catalog of the same contract compare equal. Everything is sorted by
 * name, so two reads of the same database are equal and render to the same text.
 *
 * @param engine the engine the catalog was read from, which its routines' {@link BodyFingerprint}s are of
 */
public record Catalog(Engine engine, List<Table> tables, List<Routine> routines) {

    /** The schema every catalog describes; Flyway's and the helper schemas are never read. */
    public static final String SCHEMA = "dbo";

    public Catalog {
        Objects.requireNonNull(engine, "engine");
        tables = sortedByName(tables, Table::name);
        routines = sortedByName(routines, Routine::name);
    }

    /** A table's name as the catalog refers to it: bare in dbo, schema-qualified elsewhere (so a reference leaving dbo shows). */
    static String qualified(String schema, String table) {
        return SCHEMA.equals(schema) ? table : schema + "." + table;
    }

    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<Routine> routine(String name) {
        return routines.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public long count(Routine.Kind kind) {
        return routines.stream().filter(r -> r.kind() == kind).count();
    }

    public long triggerCount() {
        return tables.stream().mapToLong(t -> t.triggers().size()).sum();
    }

    /** The items sorted by name, as every list of the model is. */
    static <T> List<T> sortedByName(List<T> items, Function<T, String> name) {
        return items.stream().sorted(Comparator.comparing(name)).toList();
    }
}
