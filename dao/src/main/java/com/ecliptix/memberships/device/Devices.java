package com.ecliptix.memberships.device;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.RegisterAppDeviceIfNotExists;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.DomainConstructors;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import java.util.Map;
import java.util.UUID;

/** Device registration ({@code RegisterAppDeviceIfNotExists}). */
public final class Devices {

    /** The device type the contract stores when none is given. */
    public static final int DEFAULT_DEVICE_TYPE = 1;

    private final RoutineCalls routines;

    static {
        DomainConstructors.register(Devices.class, Devices::new);
    }

    Devices(RoutineCalls routines) {
        this.routines = routines;
    }

    /** Registers a device of the default type; see {@link #register(UUID, UUID, int)}. */
    public DeviceRegistration register(UUID appInstanceId, UUID deviceId) {
        return register(appInstanceId, deviceId, DEFAULT_DEVICE_TYPE);
    }

    /**
     * Registers a device once: a second call with the same {@code deviceId} returns the same
     * {@code deviceUniqueId} with {@link DeviceRegistrationOutcome#EXISTS} and changes nothing, also
     * when many callers register the same device at once.
     *
     * @throws InvalidInputException when an id is null; nothing is written
     */
    public DeviceRegistration register(UUID appInstanceId, UUID deviceId, int deviceType) {
        Outputs out = routines.call(RoutineCall.of(RegisterAppDeviceIfNotExists.class)
                .set(RegisterAppDeviceIfNotExists.APP_INSTANCE_ID, Inputs.required("AppInstanceId", appInstanceId))
                .set(RegisterAppDeviceIfNotExists.DEVICE_ID, Inputs.required("DeviceId", deviceId))
                .set(RegisterAppDeviceIfNotExists.DEVICE_TYPE, deviceType));
        DeviceRegistrationOutcome outcome = Codes.parse(out.routine(), DeviceRegistrationOutcome.class,
                out.get(RegisterAppDeviceIfNotExists.OUTCOME), Map.of("invalid_input", "DeviceId"));
        return new DeviceRegistration(out.get(RegisterAppDeviceIfNotExists.DEVICE_UNIQUE_ID), outcome);
    }
}
