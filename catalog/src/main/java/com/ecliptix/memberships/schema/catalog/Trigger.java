package com.ecliptix.memberships.schema.catalog;

import java.util.List;

/**
 * A DML trigger on a table, with the events that fire it (lower case, sorted). The timing is not
 * recorded: PostgreSQL's triggers here run BEFORE UPDATE and T-SQL's AFTER UPDATE, by design.
 */
public record Trigger(String name, List<String> events, boolean enabled) {

    public Trigger {
        events = events.stream().sorted().distinct().toList();
    }
}
