package com.ecliptix.memberships.session;

import com.ecliptix.memberships.internal.Codes;

/** What {@link Sessions#refresh} did. */
public enum SessionRefreshOutcome implements Codes.Coded {
    /** The session now expires one session lifetime from now. */
    REFRESHED,
    /** The session was past its expiry; it is ended now ({@code expired}) and cannot be refreshed. */
    EXPIRED,
    /** No active session with that id. */
    NOT_FOUND;
}
