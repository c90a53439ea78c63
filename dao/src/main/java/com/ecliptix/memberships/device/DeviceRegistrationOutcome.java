package com.ecliptix.memberships.device;

import com.ecliptix.memberships.internal.Codes;

/** What {@link Devices#register} did. */
public enum DeviceRegistrationOutcome implements Codes.Coded {
    /** The device was new and is now registered. */
    CREATED,
    /** The device was registered before; the stored row is unchanged. */
    EXISTS;
}
