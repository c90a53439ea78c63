package com.ecliptix.memberships.device;

import com.ecliptix.memberships.internal.Outcomes;

/** What {@link Devices#register} did. */
public enum DeviceRegistrationOutcome implements Outcomes.Coded {
    /** The device was new and is now registered. */
    CREATED("created"),
    /** The device was registered before; the stored row is unchanged. */
    EXISTS("exists");

    private final String code;

    DeviceRegistrationOutcome(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
