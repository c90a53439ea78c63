package com.ecliptix.memberships.verification;

import java.util.Optional;
import java.util.UUID;

/**
 * The answer to starting a verification flow.
 *
 * @param outcome       what happened
 * @param flowUniqueId  the flow (created, retrieved or verified); empty for the other outcomes
 */
public record FlowStart(FlowStartOutcome outcome, Optional<UUID> flowUniqueId) {
}
