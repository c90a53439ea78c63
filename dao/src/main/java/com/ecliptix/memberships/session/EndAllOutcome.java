package com.ecliptix.memberships.session;

import com.ecliptix.memberships.internal.Codes;

/** What {@link Sessions#endAll} did. */
public enum EndAllOutcome implements Codes.Coded {
    /** Every active session of the membership is ended ({@code revoked}); there may have been none. */
    ENDED,
    /** No live membership with that id. */
    MEMBERSHIP_NOT_FOUND;
}
