package com.ecliptix.memberships.session;

/** What {@link Sessions#open} did. */
public enum SessionOpenOutcome {
    /** A new session; the oldest beyond the per-membership cap were ended ({@code replaced}). */
    CREATED,
    /** No live membership with that id. */
    MEMBERSHIP_NOT_FOUND,
    /** The membership is blocked. */
    MEMBERSHIP_BLOCKED,
    /** The membership is not active (its secure key is not set yet). */
    INACTIVE_MEMBERSHIP,
    /** No live device with that id. */
    DEVICE_NOT_FOUND;
}
