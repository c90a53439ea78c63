package com.ecliptix.memberships.membership;

/** Whether a phone's membership can recover its secure key ({@link Memberships#checkRecovery}). */
public enum RecoveryOutcome {
    /** A live, unblocked membership with a secure key. */
    ELIGIBLE_FOR_RECOVERY,
    /** No live phone with that number. */
    PHONE_NOT_FOUND,
    /** The phone has no live membership. */
    MEMBERSHIP_NOT_FOUND,
    /** The membership is blocked. */
    MEMBERSHIP_BLOCKED,
    /** The membership has no secure key to recover. */
    NO_SECURE_KEY;
}
