package com.ecliptix.memberships.verification;

/** The state of a verification flow: pending, then verified, expired or failed; a verified flow can still expire. */
public enum FlowStatus {
    PENDING,
    VERIFIED,
    EXPIRED,
    FAILED;
}
