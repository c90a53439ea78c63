package com.ecliptix.memberships.membership;

/** What {@link Memberships#create} did. */
public enum MembershipCreationOutcome {
    /** A new inactive membership. */
    CREATED,
    /** The phone's live membership, returned. */
    MEMBERSHIP_ALREADY_EXISTS,
    /** Too many failed creations for this phone in the last hour; see the retry-after duration. */
    RATE_LIMITED,
    /** No live registration flow with that id and connection. */
    VERIFICATION_FLOW_NOT_FOUND,
    /** The flow is not verified, or the OTP is not its verified OTP. */
    FLOW_NOT_VERIFIED;
}
