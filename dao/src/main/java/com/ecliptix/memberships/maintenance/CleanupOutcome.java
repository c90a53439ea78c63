package com.ecliptix.memberships.maintenance;

/** The one good answer of CleanupExpiredData; {@code invalid_input} is a bad batch size. */
enum CleanupOutcome {
    DELETED
}
