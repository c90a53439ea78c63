package com.ecliptix.memberships.verification;

import com.ecliptix.memberships.internal.Codes;

/** What {@link Verification#updateFlowStatus} did. */
public enum FlowStatusOutcome implements Codes.Coded {
    /** The flow has the new status. */
    UPDATED,
    /** Pending can become verified, expired or failed, verified can become expired; nothing else. */
    INVALID_TRANSITION,
    /** No live flow with that id. */
    FLOW_NOT_FOUND;
}
