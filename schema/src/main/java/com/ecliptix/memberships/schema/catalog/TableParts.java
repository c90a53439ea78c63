package com.ecliptix.memberships.schema.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parts of the tables a reader collects query by query, before they become {@link Table}s. */
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

    /** Records that a column is bool before its default is normalized (0 / 1 become false / true). */
    void booleanColumn(String table, String column) {
        of(table).booleanColumns.add(column);
    }

    /** The table's bool columns, for normalizing its checks and index filters. */
    Set<String> booleanColumns(String table) {
        return Set.copyOf(of(table).booleanColumns);
    }

    void add(String table, Column column) {
        of(table).columns.add(column);
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
