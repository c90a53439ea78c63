package com.ecliptix.memberships.verification;

import com.ecliptix.memberships.internal.Codes;

/** The state of a one-time password: pending, then verified, failed or expired. */
public enum OtpStatus implements Codes.Coded {
    PENDING,
    VERIFIED,
    FAILED,
    EXPIRED;
}
