package com.ecliptix.memberships.verification;

/** What {@link Verification#expireOtps} did. */
public enum OtpExpiryOutcome {
    /** The flow's pending OTPs are expired (there may have been none). */
    EXPIRED,
    /** No live flow with that id. */
    FLOW_NOT_FOUND;
}
