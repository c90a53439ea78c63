package com.ecliptix.memberships.schema.adoption;

/**
 * What adoption does to one table's rows: every legacy row is carried over, either {@code kept} as it was,
 * {@code changed} by a rule, or {@code softDeleted} by a rule (changed to {@code IsDeleted = 1}; such a row
 * is not also counted as changed). {@code rows} is the table's legacy row count and its count afterwards.
 */
public record TableCounts(String table, long rows, long kept, long changed, long softDeleted) {

    public TableCounts {
        if (kept + changed + softDeleted != rows) {
            throw new IllegalStateException(table + ": " + kept + " kept + " + changed + " changed + " + softDeleted
                    + " soft-deleted is not its " + rows + " rows");
        }
    }
}
