package com.ecliptix.memberships.schema.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parts of the tables that a reader (query by query) or the snapshot parser collects, before they are {@link Table}s. */
final class TableParts {

    private final Map<String, Parts> tables = new LinkedHashMap<>();

    private static final class Parts {
        final List<Column> columns = new ArrayList<>();
        final Set<String> booleanColumns = new HashSet<>();
        final List<KeyConstraint> keys = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<CheckConstraint> checks = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final List<Trigger> triggers = new ArrayList<>();
    }

    void table(String name) {
        tables.putIfAbsent(name, new Parts());
    }

    private Parts of(String table) {
        Parts parts = tables.get(table);
        if (parts == null) {
            throw new IllegalStateException("Catalog row for unknown table " + table);
        }
        return parts;
    }

    /**
     * Adds a column as the engine reports it, its default normalized ({@code ((0))} on a BIT is
     * {@code false}). A default cannot refer to a column, so the table's other columns do not matter.
     */
    void column(String table, String name, String type, boolean nullable, Column.Identity identity, String defaultSql) {
        add(table, new Column(name, type, nullable, identity, SqlExpressions.normalizeDefault(defaultSql, type, Set.of())));
    }

    void add(String table, Column column) {
        Parts parts = of(table);
        parts.columns.add(column);
        if (column.type().equals("bool")) {
            parts.booleanColumns.add(column.name());
        }
    }

    /** An expression of the table's (check, index key or filter) normalized; its columns are read before it. */
    String normalize(String table, String sql) {
        return SqlExpressions.normalize(sql, Set.copyOf(of(table).booleanColumns));
    }

    void add(String table, KeyConstraint key) {
        of(table).keys.add(key);
    }

    void add(String table, ForeignKey foreignKey) {
        of(table).foreignKeys.add(foreignKey);
    }

    void add(String table, CheckConstraint check) {
        of(table).checks.add(check);
    }

    void add(String table, Index index) {
        of(table).indexes.add(index);
    }

    void add(String table, Trigger trigger) {
        of(table).triggers.add(trigger);
    }

    List<Table> tables() {
        return tables.entrySet().stream().map(e -> new Table(e.getKey(), e.getValue().columns, e.getValue().keys,
                e.getValue().foreignKeys, e.getValue().checks, e.getValue().indexes, e.getValue().triggers)).toList();
    }
}
