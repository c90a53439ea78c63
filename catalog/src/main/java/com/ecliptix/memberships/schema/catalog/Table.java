package com.ecliptix.memberships.schema.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A table of schema {@code dbo} with everything defined on it. Each list is sorted by name: column
 * order is not recorded, because neither engine can insert a column in the middle, and a reordering
 * would otherwise show up as a change of every later column.
 */
public record Table(
        String name,
        List<Column> columns,
        List<KeyConstraint> keys,
        List<ForeignKey> foreignKeys,
        List<CheckConstraint> checks,
        List<Index> indexes,
        List<Trigger> triggers) {

    public Table {
        columns = Catalog.sortedByName(columns, Column::name);
        keys = Catalog.sortedByName(keys, KeyConstraint::name);
        foreignKeys = Catalog.sortedByName(foreignKeys, ForeignKey::name);
        checks = Catalog.sortedByName(checks, CheckConstraint::name);
        indexes = Catalog.sortedByName(indexes, Index::name);
        triggers = Catalog.sortedByName(triggers, Trigger::name);
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<Trigger> trigger(String name) {
        return triggers.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
