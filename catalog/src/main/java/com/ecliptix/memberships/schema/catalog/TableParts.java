package com.ecliptix.memberships.schema.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The parts of the tables that a reader (query by query) or the snapshot parser collects, before they are {@link Table}s. */
final class TableParts {

    /** One table's members, in the order they are read. */
    record Parts(List<Column> columns, List<KeyConstraint> keys, List<ForeignKey> foreignKeys,
            List<CheckConstraint> checks, List<Index> indexes, List<Trigger> triggers) {
    }

    private final Map<String, Parts> tables = new LinkedHashMap<>();

    /** The table's lists, new and empty the first time the table is named. */
    Parts table(String name) {
        return tables.computeIfAbsent(name, n -> new Parts(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    }

    /** The lists of a table that {@link #table} or {@link #column} has added; a row of another table is a reader's mistake. */
    Parts of(String table) {
        Parts parts = tables.get(table);
        if (parts == null) {
            throw new IllegalStateException("Catalog row for unknown table " + table);
        }
        return parts;
    }

    /**
     * Adds a column (and its table, the first time), its default normalized: a default cannot refer to
     * a column, so the table's other columns do not matter.
     */
    void column(String table, String name, String type, boolean nullable, Column.Identity identity, String defaultSql) {
        String defaultValue = SqlExpressions.normalizeDefault(defaultSql, type, Set.of());
        table(table).columns().add(new Column(name, type, nullable, identity, defaultValue));
    }

    /** An expression of the table's (check, index key or filter) normalized; its columns are read before it. */
    String normalize(String table, String sql) {
        Set<String> booleanColumns = of(table).columns().stream().filter(c -> c.type().equals("bool")).map(Column::name)
                .collect(Collectors.toSet());
        return SqlExpressions.normalize(sql, booleanColumns);
    }

    List<Table> tables() {
        return tables.entrySet().stream().map(e -> new Table(e.getKey(), e.getValue().columns(), e.getValue().keys(),
                e.getValue().foreignKeys(), e.getValue().checks(), e.getValue().indexes(), e.getValue().triggers())).toList();
    }
}
