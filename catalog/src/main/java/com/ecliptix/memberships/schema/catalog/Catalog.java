package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a database holds in schema {@code dbo}, with engine types and expressions normalized so that
 * a SQL Server and a PostgreSQL catalog of the same contract compare equal. Everything is sorted by
 * name, so two reads of the same database are equal and render to the same text.
 *
 * @param engine      the engine the catalog was read from, which its routines' {@link BodyFingerprint}s are of
 * @param notCompared the parts the engine could not answer truthfully, left out of every comparison (none on
 *                    SQL Server and PostgreSQL, where every question must be answered)
 */
public record Catalog(Engine engine, List<Table> tables, List<Routine> routines, List<NotCompared> notCompared) {

    /** The schema every catalog describes; Flyway's and the helper schemas are never read. */
    public static final String SCHEMA = "dbo";

    public Catalog {
        Objects.requireNonNull(engine, "engine");
        tables = sortedByName(tables, Table::name);
        routines = sortedByName(routines, Routine::name);
        notCompared = List.copyOf(notCompared);
    }

    /** A catalog of which every part was answered. */
    public Catalog(Engine engine, List<Table> tables, List<Routine> routines) {
        this(engine, tables, routines, List.of());
    }

    /** The parts some catalog could not answer, in declaration order. */
    static Set<CatalogPart> parts(List<NotCompared> notCompared) {
        Set<CatalogPart> parts = EnumSet.noneOf(CatalogPart.class);
        notCompared.forEach(n -> parts.add(n.part()));
        return parts;
    }

    /** This catalog without the given parts (on every table and routine), so that neither side of a comparison has them. */
    public Catalog without(Set<CatalogPart> parts) {
        List<Table> keptTables = tables;
        List<Routine> keptRoutines = routines;
        for (CatalogPart part : parts) {
            keptTables = keptTables.stream().map(part::without).toList();
            keptRoutines = keptRoutines.stream().map(part::without).toList();
        }
        return new Catalog(engine, keptTables, keptRoutines, notCompared);
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
