package com.ecliptix.memberships.device;

import com.ecliptix.memberships.InvalidInputException;
import java.util.UUID;

/** Device registration ({@code RegisterAppDeviceIfNotExists}). */
public interface Devices {

    /** The device type the contract stores when none is given. */
    int DEFAULT_DEVICE_TYPE = 1;

    /** Registers a device of the default type; see {@link #register(UUID, UUID, int)}. */
    DeviceRegistration register(UUID appInstanceId, UUID deviceId);

    /**
     * Registers a device once: a second call with the same {@code deviceId} returns the same
     * {@code deviceUniqueId} with {@link DeviceRegistrationOutcome#EXISTS} and changes nothing, also
     * when many callers register the same device at once.
     *
     * @throws InvalidInputException when an id is null; nothing is written
     */
    DeviceRegistration register(UUID appInstanceId, UUID deviceId, int deviceType);
}
