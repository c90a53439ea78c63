package com.ecliptix.memberships.session;

/** What {@link Sessions#validate} found. */
public enum SessionValidationOutcome {
    /** The session is active and unexpired; its last use is now. */
    VALID,
    /** The session was past its expiry; it is ended now ({@code expired}). */
    EXPIRED,
    /** The session's membership is blocked (or no longer active); the session is ended now ({@code revoked}). */
    MEMBERSHIP_BLOCKED,
    /** No active session has this token: unknown, or already ended. */
    NOT_FOUND;
}
