package com.ecliptix.memberships.login;

/** The outcome of a login ({@link Logins#login}); only SUCCESS carries the secure key. */
public enum LoginOutcome {
    /** The membership's secure key is returned. */
    SUCCESS,
    /** Too many failed logins; see how long the lockout lasts. Not counted as a failure. */
    LOCKED_OUT,
    /** Counted as a failure. */
    PHONE_NUMBER_NOT_FOUND,
    /** Counted as a failure. */
    MEMBERSHIP_NOT_FOUND,
    /** Counted as a failure. */
    SECURE_KEY_NOT_SET,
    /** The membership is inactive or blocked. Counted as a failure. */
    INACTIVE_MEMBERSHIP;
}
