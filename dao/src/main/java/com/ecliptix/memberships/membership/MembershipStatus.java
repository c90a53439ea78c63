package com.ecliptix.memberships.membership;

/** A membership's status; blocked is set by operators only. */
public enum MembershipStatus {
    ACTIVE,
    INACTIVE,
    BLOCKED;
}
