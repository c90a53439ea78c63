package com.ecliptix.memberships.internal;

/** The only good answer of the attempt-log routines; anything else is bad input or a contract breach. */
public enum AttemptLogResult {
    LOGGED
}
