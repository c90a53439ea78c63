package com.ecliptix.memberships.membership;

/** What {@link Memberships#setSecureKey} did. */
public enum SecureKeyOutcome {
    /** The key is stored; the membership is active. */
    UPDATED,
    /** No live membership with that id. */
    MEMBERSHIP_NOT_FOUND,
    /** The membership is blocked; nothing changed. */
    MEMBERSHIP_BLOCKED;
}
