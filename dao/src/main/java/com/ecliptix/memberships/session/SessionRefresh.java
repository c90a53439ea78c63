package com.ecliptix.memberships.session;

import java.time.Instant;
import java.util.Optional;

/**
 * The answer to refreshing a session.
 *
 * @param outcome   what happened
 * @param expiresAt the new expiry, with {@link SessionRefreshOutcome#REFRESHED}
 */
public record SessionRefresh(SessionRefreshOutcome outcome, Optional<Instant> expiresAt) {
}
