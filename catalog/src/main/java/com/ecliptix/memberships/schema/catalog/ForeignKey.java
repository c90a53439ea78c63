package com.ecliptix.memberships.schema.catalog;

import java.util.List;

/**
 * A foreign key. {@code onDelete} and {@code onUpdate} are lower-case referential actions
 * ({@code no action}, {@code cascade}, {@code set null}, {@code set default}, {@code restrict}).
 * {@code enabled} is false for a SQL Server key disabled with {@code NOCHECK}.
 */
public record ForeignKey(
        String name,
        List<String> columns,
        String referencedTable,
        List<String> referencedColumns,
        String onDelete,
        String onUpdate,
        boolean enabled) {

    public static final String NO_ACTION = "no action";

    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}
