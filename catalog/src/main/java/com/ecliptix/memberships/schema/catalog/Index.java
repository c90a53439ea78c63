package com.ecliptix.memberships.schema.catalog;

import java.util.List;

/**
 * An index that does not back a primary key or unique constraint (those are {@link KeyConstraint}s).
 *
 * @param columns  the key columns in order, each a column name (rendered as in the snapshot) with
 *                 {@code " desc"} for a descending key, or a normalized expression
 * @param included the included (non-key) columns
 * @param filter   the normalized predicate of a filtered / partial index, or null
 * @param enabled  false for a disabled SQL Server index or an invalid PostgreSQL one
 */
public record Index(String name, boolean unique, List<String> columns, List<String> included, String filter,
        boolean enabled) {

    public Index {
        columns = List.copyOf(columns);
        included = List.copyOf(included);
    }
}
