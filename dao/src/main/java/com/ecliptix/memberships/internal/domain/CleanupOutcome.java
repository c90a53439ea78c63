package com.ecliptix.memberships.internal.domain;

/** The one good answer of CleanupExpiredData; {@code invalid_input} is a bad batch size. */
enum CleanupOutcome {
    DELETED
}
