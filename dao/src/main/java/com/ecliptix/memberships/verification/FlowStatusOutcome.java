package com.ecliptix.memberships.verification;

/** What {@link Verification#updateFlowStatus} did. */
public enum FlowStatusOutcome {
    /** The flow has the new status. */
    UPDATED,
    /** Pending can become verified, expired or failed, verified can become expired; nothing else. */
    INVALID_TRANSITION,
    /** No live flow with that id. */
    FLOW_NOT_FOUND;
}
