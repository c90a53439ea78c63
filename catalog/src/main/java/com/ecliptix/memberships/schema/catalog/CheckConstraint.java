package com.ecliptix.memberships.schema.catalog;

/**
 * A check constraint with its normalized expression (see {@link SqlExpressions}). {@code enabled} is
 * false for a SQL Server constraint disabled with {@code NOCHECK}.
 */
public record CheckConstraint(String name, String expression, boolean enabled) {
}
