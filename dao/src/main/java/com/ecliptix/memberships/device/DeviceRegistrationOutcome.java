package com.ecliptix.memberships.device;

/** What {@link Devices#register} did. */
public enum DeviceRegistrationOutcome {
    /** The device was new and is now registered. */
    CREATED,
    /** The device was registered before; the stored row is unchanged. */
    EXISTS;
}
