package com.ecliptix.memberships.schema.catalog;

import java.util.List;

/**
 * A part of a {@link Catalog} that an engine's catalog views may fail to answer, or answer wrongly (Babelfish,
 * docs/babelfish.md). A part one catalog lacks is left out of a comparison on both sides ({@link Catalog#without}).
 */
public enum CatalogPart {

    CHECKS("check constraints"),
    KEYS("primary keys and unique constraints"),
    FOREIGN_KEYS("foreign keys"),
    INDEXES("indexes"),
    /** The predicates of filtered indexes; the indexes themselves are still compared. */
    INDEX_FILTERS("index filters"),
    TRIGGERS("triggers"),
    /** The result columns of table-valued functions; that a function returns a table is still compared. */
    FUNCTION_RESULT_COLUMNS("result columns of table-valued functions");

    private final String text;

    CatalogPart(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** What a function result is once its result columns are left out: only that it is a table. */
    static final String TABLE_RESULT = "table";

    Table without(Table table) {
        return switch (this) {
            case CHECKS -> new Table(table.name(), table.columns(), table.keys(), table.foreignKeys(), List.of(),
                    table.indexes(), table.triggers());
            case KEYS -> new Table(table.name(), table.columns(), List.of(), table.foreignKeys(), table.checks(),
                    table.indexes(), table.triggers());
            case FOREIGN_KEYS -> new Table(table.name(), table.columns(), table.keys(), List.of(), table.checks(),
                    table.indexes(), table.triggers());
            case INDEXES -> new Table(table.name(), table.columns(), table.keys(), table.foreignKeys(), table.checks(),
                    List.of(), table.triggers());
            case INDEX_FILTERS -> new Table(table.name(), table.columns(), table.keys(), table.foreignKeys(), table.checks(),
                    table.indexes().stream().map(i -> new Index(i.name(), i.unique(), i.columns(), i.included(), null,
                            i.enabled())).toList(), table.triggers());
            case TRIGGERS -> new Table(table.name(), table.columns(), table.keys(), table.foreignKeys(), table.checks(),
                    table.indexes(), List.of());
            case FUNCTION_RESULT_COLUMNS -> table;
        };
    }

    Routine without(Routine routine) {
        if (this == FUNCTION_RESULT_COLUMNS && routine.returns() != null && routine.returns().startsWith(TABLE_RESULT)) {
            return new Routine(routine.name(), routine.kind(), routine.parameters(), TABLE_RESULT, routine.bodyHash());
        }
        return routine;
    }
}
