package com.ecliptix.memberships.session;

import com.ecliptix.memberships.internal.Codes;

/** What {@link Sessions#end} did. */
public enum SessionEndOutcome implements Codes.Coded {
    /** The session is ended ({@code logged_out}). */
    ENDED,
    /** No active session with that id. */
    NOT_FOUND;
}
