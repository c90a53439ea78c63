package com.ecliptix.memberships.verification;

import com.ecliptix.memberships.internal.Codes;

/** The state of a verification flow: pending, then verified, expired or failed; a verified flow can still expire. */
public enum FlowStatus implements Codes.Coded {
    PENDING,
    VERIFIED,
    EXPIRED,
    FAILED;
}
