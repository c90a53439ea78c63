package com.ecliptix.memberships.device;

import java.util.UUID;

/**
 * A registered device.
 *
 * @param deviceUniqueId the device's {@code AppDevices.UniqueId}, the id other calls take as {@code AppDeviceId}
 * @param outcome        whether this call created it
 */
public record DeviceRegistration(UUID deviceUniqueId, DeviceRegistrationOutcome outcome) {
}
