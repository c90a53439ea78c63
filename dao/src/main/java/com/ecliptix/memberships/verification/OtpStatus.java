package com.ecliptix.memberships.verification;

/** The state of a one-time password: pending, then verified, failed or expired. */
public enum OtpStatus {
    PENDING,
    VERIFIED,
    FAILED,
    EXPIRED;
}
