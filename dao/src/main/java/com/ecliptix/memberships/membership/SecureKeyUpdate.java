package com.ecliptix.memberships.membership;

import java.util.Optional;

/**
 * The answer to storing a membership's secure key.
 *
 * @param outcome        what happened
 * @param status         the membership's status afterwards, when it exists
 * @param creationStatus its creation status afterwards, when it exists
 */
public record SecureKeyUpdate(SecureKeyOutcome outcome, Optional<MembershipStatus> status, Optional<CreationStatus> creationStatus) {
}
