package com.ecliptix.memberships.verification;

/** Why a verification flow was started. */
public enum Purpose {
    UNSPECIFIED,
    /** Registering a new membership; the only purpose from which a membership can be created. */
    REGISTRATION,
    LOGIN,
    PASSWORD_RECOVERY,
    UPDATE_PHONE;
}
