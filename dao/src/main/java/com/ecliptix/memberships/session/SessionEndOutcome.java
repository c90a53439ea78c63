package com.ecliptix.memberships.session;

/** What {@link Sessions#end} did. */
public enum SessionEndOutcome {
    /** The session is ended ({@code logged_out}). */
    ENDED,
    /** No active session with that id. */
    NOT_FOUND;
}
