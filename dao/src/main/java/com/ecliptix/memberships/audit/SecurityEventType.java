package com.ecliptix.memberships.audit;

import com.ecliptix.memberships.internal.Codes;

/** The kinds of security events the routines record in {@code EventLog} (contract v2). */
public enum SecurityEventType {
    /** A flow or membership creation refused by its hourly limit. */
    RATE_LIMITED,
    /** A phone number locked out after failed logins. */
    LOCKOUT,
    /** A configuration key created or changed (key, old and new value). */
    CONFIG_CHANGED,
    /** A verification flow failed by failed OTP checks. */
    OTP_CHECK_LIMIT,
    /** Sessions ended by a new secure key or by ending all of a membership's sessions. */
    CONTEXTS_REVOKED,
    /** A type this version of the API does not know (see {@link SecurityEvent#eventType()}). */
    OTHER;

    static SecurityEventType of(String code) {
        for (SecurityEventType type : values()) {
            if (type != OTHER && Codes.code(type).equals(code)) {
                return type;
            }
        }
        return OTHER;
    }
}
