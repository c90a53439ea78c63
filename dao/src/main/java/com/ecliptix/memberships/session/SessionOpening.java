package com.ecliptix.memberships.session;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to opening a session. With {@link SessionOpenOutcome#CREATED} it carries the token, the only
 * time the API ever returns it; {@link #toString()} does not print it.
 *
 * @param outcome         what happened
 * @param sessionUniqueId the new session, with {@code CREATED}
 * @param expiresAt       when it expires unless refreshed, with {@code CREATED}
 * @param token           the token to hand to the client, with {@code CREATED}
 */
public record SessionOpening(
        SessionOpenOutcome outcome, Optional<UUID> sessionUniqueId, Optional<Instant> expiresAt, Optional<SessionToken> token) {
}
