package com.ecliptix.memberships.internal.domain;

import com.ecliptix.memberships.device.DeviceRegistration;
import com.ecliptix.memberships.device.DeviceRegistrationOutcome;
import com.ecliptix.memberships.device.Devices;
import com.ecliptix.memberships.generated.routines.RegisterAppDeviceIfNotExists;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import java.util.Map;
import java.util.UUID;

/** {@link Devices} over the routines. */
public final class DefaultDevices implements Devices {

    private final RoutineCalls routines;

    public DefaultDevices(RoutineCalls routines) {
        this.routines = routines;
    }

    @Override
    public DeviceRegistration register(UUID appInstanceId, UUID deviceId) {
        return register(appInstanceId, deviceId, DEFAULT_DEVICE_TYPE);
    }

    @Override
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
