package com.ecliptix.memberships.verification;

/** What {@link Verification#updateOtpStatus} did. */
public enum OtpStatusOutcome {
    /** The OTP has the new status (a verified OTP also verified its flow). */
    UPDATED,
    /** Only a pending OTP can change, and an expired one cannot become verified. */
    INVALID_TRANSITION,
    /** No live OTP with that id whose flow is live, pending and unexpired. */
    OTP_NOT_FOUND_OR_FLOW_INVALID,
    /** This failed check was the last one allowed; the flow is now failed. */
    MAX_FAILED_ATTEMPTS_REACHED;
}
