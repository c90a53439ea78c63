package com.ecliptix.memberships.phone;

import com.ecliptix.memberships.internal.Outcomes;

/** What {@link PhoneNumbers#ensure} did. */
public enum EnsurePhoneNumberOutcome implements Outcomes.Coded {
    /** A new phone number, no device given. */
    CREATED("created"),
    /** A new phone number with the given device as its primary device. */
    CREATED_AND_ASSOCIATED("created_and_associated"),
    /** A known phone number, now also associated with the given (not primary) device. */
    ASSOCIATED("associated"),
    /** A known phone number; the device was not given or was already associated. Nothing changed. */
    EXISTS("exists");

    private final String code;

    EnsurePhoneNumberOutcome(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
