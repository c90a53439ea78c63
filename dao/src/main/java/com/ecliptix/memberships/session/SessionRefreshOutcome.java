package com.ecliptix.memberships.session;

/** What {@link Sessions#refresh} did. */
public enum SessionRefreshOutcome {
    /** The session now expires one session lifetime from now. */
    REFRESHED,
    /** The session was past its expiry; it is ended now ({@code expired}) and cannot be refreshed. */
    EXPIRED,
    /** No active session with that id. */
    NOT_FOUND;
}
