package com.ecliptix.memberships.verification;

import com.ecliptix.memberships.internal.Codes;

/** Why a verification flow was started. */
public enum Purpose implements Codes.Coded {
    UNSPECIFIED,
    /** Registering a new membership; the only purpose from which a membership can be created. */
    REGISTRATION,
    LOGIN,
    PASSWORD_RECOVERY,
    UPDATE_PHONE;
}
