package com.ecliptix.memberships.verification;

/** Whether a new OTP may be sent now ({@link Verification#requestResend}). */
public enum ResendOutcome {
    /** A new OTP may be issued. */
    RESEND_ALLOWED,
    /** Too soon after the last OTP; see the retry-after duration. */
    RESEND_COOLDOWN_ACTIVE,
    /** The flow has had all its OTPs; it is now failed. */
    MAX_OTP_ATTEMPTS_REACHED,
    /** The flow ran out of time; it is now expired. */
    FLOW_EXPIRED,
    /** No live pending flow with that id. */
    FLOW_NOT_FOUND_OR_INVALID;
}
