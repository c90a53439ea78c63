package com.ecliptix.memberships.verification;

/** What {@link Verification#verifyCode} and {@link Verification#verifyHash} found ({@code VerifyOtp}). */
public enum OtpCheckOutcome {
    /** No live pending flow with that id. */
    FLOW_NOT_FOUND_OR_INVALID,
    /** The flow was past its expiry; it is now expired. */
    FLOW_EXPIRED,
    /** The active OTP was past its expiry; it is now expired (a resend issues a new one). */
    OTP_EXPIRED,
    /** The flow has no active OTP to check against. */
    NO_ACTIVE_OTP,
    /** The code matched: the OTP and the flow are verified. */
    VERIFIED,
    /** The code did not match; the same OTP can still be checked, see the attempts left. */
    INVALID_CODE,
    /** The code did not match and this was the last check allowed: the OTP and the flow are failed. */
    MAX_FAILED_ATTEMPTS_REACHED;
}
