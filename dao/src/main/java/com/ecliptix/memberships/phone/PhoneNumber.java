package com.ecliptix.memberships.phone;

import java.util.Optional;
import java.util.UUID;

/**
 * A live phone number.
 *
 * @param uniqueId    its {@code PhoneNumbers.UniqueId}
 * @param phoneNumber the E.164 number
 * @param region      the two-letter region it was registered with, when one was given
 */
public record PhoneNumber(UUID uniqueId, String phoneNumber, Optional<String> region) {
}
