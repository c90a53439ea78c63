package com.ecliptix.memberships.membership;

import java.util.Optional;
import java.util.UUID;

/**
 * Whether a phone's membership may recover its secure key.
 *
 * @param outcome             the answer
 * @param phoneNumberUniqueId the phone, when it was found
 */
public record RecoveryEligibility(RecoveryOutcome outcome, Optional<UUID> phoneNumberUniqueId) {
}
