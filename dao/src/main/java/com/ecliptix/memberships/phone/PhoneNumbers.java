package com.ecliptix.memberships.phone;

import com.ecliptix.memberships.InvalidInputException;
import java.util.Optional;
import java.util.UUID;

/** Phone numbers and the devices they are used on ({@code EnsurePhoneNumber}, {@code GetPhoneNumber}). */
public interface PhoneNumbers {

    /** Makes sure the phone number exists; see {@link #ensure(String, String, UUID)}. */
    EnsuredPhoneNumber ensure(String phoneNumber, String region);

    /**
     * Makes sure the phone number exists and, when {@code appDeviceId} is given, that it is associated
     * with that device. A device that creates the number becomes its primary device.
     *
     * @param phoneNumber E.164, e.g. {@code +14155550100}
     * @param region      two upper-case letters (ISO 3166), or null
     * @param appDeviceId a registered device's {@code DeviceUniqueId}, or null
     * @throws InvalidInputException for a malformed number or region, or a device that is not registered;
     *                               nothing is written
     */
    EnsuredPhoneNumber ensure(String phoneNumber, String region, UUID appDeviceId);

    /**
     * The live phone number with this {@code UniqueId}, if there is one.
     *
     * @throws InvalidInputException when the id is null
     */
    Optional<PhoneNumber> find(UUID phoneNumberUniqueId);
}
