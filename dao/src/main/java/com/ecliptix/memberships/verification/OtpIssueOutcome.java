package com.ecliptix.memberships.verification;

/** What {@link Verification#issueOtp} did. */
public enum OtpIssueOutcome {
    /** The OTP is stored and is now the flow's active one. */
    CREATED,
    /** Too soon after the last OTP; see the retry-after duration. */
    RESEND_COOLDOWN_ACTIVE,
    /** The flow has had all its OTPs; it is now failed. */
    MAX_OTP_ATTEMPTS_REACHED,
    /** No live, pending, unexpired flow with that id. */
    FLOW_NOT_FOUND_OR_INVALID;
}
