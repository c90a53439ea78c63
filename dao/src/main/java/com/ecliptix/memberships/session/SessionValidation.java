package com.ecliptix.memberships.session;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to validating a session token.
 *
 * @param outcome            what was found
 * @param sessionUniqueId    the session, unless {@link SessionValidationOutcome#NOT_FOUND}
 * @param membershipUniqueId its membership, unless {@code NOT_FOUND}
 * @param expiresAt          its expiry, unless {@code NOT_FOUND}
 */
public record SessionValidation(
        SessionValidationOutcome outcome, Optional<UUID> sessionUniqueId, Optional<UUID> membershipUniqueId, Optional<Instant> expiresAt) {

    /** True only for {@link SessionValidationOutcome#VALID}. */
    public boolean isValid() {
        return outcome == SessionValidationOutcome.VALID;
    }
}
