package com.ecliptix.memberships.membership;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to creating a membership.
 *
 * @param outcome             what happened
 * @param membershipUniqueId  the created or already existing membership
 * @param status              its status
 * @param retryAfter          how long creation stays locked, with {@link MembershipCreationOutcome#RATE_LIMITED}
 */
public record MembershipCreation(
        MembershipCreationOutcome outcome,
        Optional<UUID> membershipUniqueId,
        Optional<MembershipStatus> status,
        Optional<Duration> retryAfter) {
}
