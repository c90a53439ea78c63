package com.ecliptix.memberships.schema.catalog;

/**
 * One difference between an expected catalog (the snapshot) and an actual one (a database).
 *
 * @param object   what differs, e.g. {@code column PhoneNumbers.PhoneNumber}, {@code procedure EnsurePhoneNumber}
 * @param expected the snapshot's line for it, or null when it was added
 * @param actual   the database's line for it, or null when it was removed
 * @param reason   why it is classified as it is, e.g. {@code type widened}
 */
public record Difference(Change change, Impact impact, String object, String expected, String actual, String reason) {

    public enum Change { ADDED, REMOVED, CHANGED }

    /** Whether callers and data valid under the snapshot may stop working. */
    public enum Impact { BREAKING, COMPATIBLE }

    public boolean breaking() {
        return impact == Impact.BREAKING;
    }

    /** One or more lines: the classification and object, then what the snapshot and the database say. */
    public String render() {
        StringBuilder out = new StringBuilder(String.format("%-10s %-7s %s", impact, change, object));
        if (reason != null) {
            out.append(" (").append(reason).append(')');
        }
        if (expected != null) {
            out.append("\n    snapshot: ").append(expected);
        }
        if (actual != null) {
            out.append("\n    database: ").append(actual);
        }
        return out.toString();
    }
}
