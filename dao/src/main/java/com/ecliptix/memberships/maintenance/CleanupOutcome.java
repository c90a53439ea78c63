package com.ecliptix.memberships.maintenance;

import com.ecliptix.memberships.internal.Codes;

/** The one good answer of CleanupExpiredData; {@code invalid_input} is a bad batch size. */
enum CleanupOutcome implements Codes.Coded {
    DELETED
}
