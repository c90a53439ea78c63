package com.ecliptix.memberships.schema.adoption;

/** One legacy row a rule decides: its table, the row (its Id, or its key), the rule and what the rule does to it. */
public record Conflict(String table, String row, AdoptionRule rule, String detail) {
}
