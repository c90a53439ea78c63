package com.ecliptix.memberships.session;

/** What {@link Sessions#endAll} did. */
public enum EndAllOutcome {
    /** Every active session of the membership is ended ({@code revoked}); there may have been none. */
    ENDED,
    /** No live membership with that id. */
    MEMBERSHIP_NOT_FOUND;
}
