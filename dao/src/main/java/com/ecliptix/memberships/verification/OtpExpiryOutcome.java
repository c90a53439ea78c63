package com.ecliptix.memberships.verification;

import com.ecliptix.memberships.internal.Codes;

/** What {@link Verification#expireOtps} did. */
public enum OtpExpiryOutcome implements Codes.Coded {
    /** The flow's pending OTPs are expired (there may have been none). */
    EXPIRED,
    /** No live flow with that id. */
    FLOW_NOT_FOUND;
}
