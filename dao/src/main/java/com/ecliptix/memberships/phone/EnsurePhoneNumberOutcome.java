package com.ecliptix.memberships.phone;

/** What {@link PhoneNumbers#ensure} did. */
public enum EnsurePhoneNumberOutcome {
    /** A new phone number, no device given. */
    CREATED,
    /** A new phone number with the given device as its primary device. */
    CREATED_AND_ASSOCIATED,
    /** A known phone number, now also associated with the given (not primary) device. */
    ASSOCIATED,
    /** A known phone number; the device was not given or was already associated. Nothing changed. */
    EXISTS;
}
