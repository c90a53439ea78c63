package com.ecliptix.memberships.schema.catalog;

import java.util.List;

/** A primary key or unique constraint, with its columns in key order. */
public record KeyConstraint(String name, boolean primary, List<String> columns) {

    public KeyConstraint {
        columns = List.copyOf(columns);
    }
}
