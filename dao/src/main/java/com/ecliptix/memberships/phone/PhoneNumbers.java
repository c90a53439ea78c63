package com.ecliptix.memberships.phone;

import static com.ecliptix.memberships.generated.Tables.GET_PHONE_NUMBER;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.EnsurePhoneNumber;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.DomainConstructors;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Phone numbers and the devices they are used on ({@code EnsurePhoneNumber}, {@code GetPhoneNumber}). */
public final class PhoneNumbers {

    private static final Map<String, String> BAD_INPUT = Map.of(
            "invalid_phone_number", "PhoneNumber",
            "invalid_region", "Region",
            "invalid_app_device", "AppDeviceId");

    private final RoutineCalls routines;

    static {
        DomainConstructors.register(PhoneNumbers.class, PhoneNumbers::new);
    }

    PhoneNumbers(RoutineCalls routines) {
        this.routines = routines;
    }

    /** Makes sure the phone number exists; see {@link #ensure(String, String, UUID)}. */
    public EnsuredPhoneNumber ensure(String phoneNumber, String region) {
        return ensure(phoneNumber, region, null);
    }

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
    public EnsuredPhoneNumber ensure(String phoneNumber, String region, UUID appDeviceId) {
        Outputs out = routines.call(RoutineCall.of(EnsurePhoneNumber.class)
                .set(EnsurePhoneNumber.PHONE_NUMBER, Inputs.phoneNumber("PhoneNumber", phoneNumber))
                .set(EnsurePhoneNumber.REGION, Inputs.region("Region", region))
                .set(EnsurePhoneNumber.APP_DEVICE_ID, appDeviceId));
        EnsurePhoneNumberOutcome outcome =
                Codes.parse(out.routine(), EnsurePhoneNumberOutcome.class, out.get(EnsurePhoneNumber.OUTCOME), BAD_INPUT);
        return new EnsuredPhoneNumber(out.get(EnsurePhoneNumber.PHONE_NUMBER_UNIQUE_ID), outcome);
    }

    /**
     * The live phone number with this {@code UniqueId}, if there is one.
     *
     * @throws InvalidInputException when the id is null
     */
    public Optional<PhoneNumber> find(UUID phoneNumberUniqueId) {
        Inputs.required("PhoneNumberUniqueId", phoneNumberUniqueId);
        return routines.fetchOne(GET_PHONE_NUMBER, phoneNumberUniqueId)
                .map(row -> new PhoneNumber(row.getUniqueId(), row.getPhoneNumber(), Optional.ofNullable(row.getRegion())));
    }
}
