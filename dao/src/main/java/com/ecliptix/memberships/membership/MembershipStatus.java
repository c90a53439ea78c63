package com.ecliptix.memberships.membership;

import com.ecliptix.memberships.internal.Codes;

/** A membership's status; blocked is set by operators only. */
public enum MembershipStatus implements Codes.Coded {
    ACTIVE,
    INACTIVE,
    BLOCKED;
}
