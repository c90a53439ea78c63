package com.ecliptix.memberships.phone;

import java.util.UUID;

/**
 * A phone number that exists after {@link PhoneNumbers#ensure}.
 *
 * @param phoneNumberUniqueId the phone's {@code PhoneNumbers.UniqueId}
 * @param outcome             what the call changed
 */
public record EnsuredPhoneNumber(UUID phoneNumberUniqueId, EnsurePhoneNumberOutcome outcome) {
}
