package com.ecliptix.memberships.internal.domain;

import static com.ecliptix.memberships.generated.Tables.GET_PHONE_NUMBER;

import com.ecliptix.memberships.generated.routines.EnsurePhoneNumber;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.phone.EnsurePhoneNumberOutcome;
import com.ecliptix.memberships.phone.EnsuredPhoneNumber;
import com.ecliptix.memberships.phone.PhoneNumber;
import com.ecliptix.memberships.phone.PhoneNumbers;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link PhoneNumbers} over the routines. */
public final class DefaultPhoneNumbers implements PhoneNumbers {

    private static final Map<String, String> BAD_INPUT = Map.of(
            "invalid_phone_number", "PhoneNumber",
            "invalid_region", "Region",
            "invalid_app_device", "AppDeviceId");

    private final RoutineCalls routines;

    public DefaultPhoneNumbers(RoutineCalls routines) {
        this.routines = routines;
    }

    @Override
    public EnsuredPhoneNumber ensure(String phoneNumber, String region) {
        return ensure(phoneNumber, region, null);
    }

    @Override
    public EnsuredPhoneNumber ensure(String phoneNumber, String region, UUID appDeviceId) {
        Outputs out = routines.call(RoutineCall.of(EnsurePhoneNumber.class)
                .set(EnsurePhoneNumber.PHONE_NUMBER, Inputs.phoneNumber("PhoneNumber", phoneNumber))
                .set(EnsurePhoneNumber.REGION, Inputs.region("Region", region))
                .set(EnsurePhoneNumber.APP_DEVICE_ID, appDeviceId));
        EnsurePhoneNumberOutcome outcome =
                Codes.parse(out.routine(), EnsurePhoneNumberOutcome.class, out.get(EnsurePhoneNumber.OUTCOME), BAD_INPUT);
        return new EnsuredPhoneNumber(out.get(EnsurePhoneNumber.PHONE_NUMBER_UNIQUE_ID), outcome);
    }

    @Override
    public Optional<PhoneNumber> find(UUID phoneNumberUniqueId) {
        Inputs.required("PhoneNumberUniqueId", phoneNumberUniqueId);
        return routines.fetchOne(GET_PHONE_NUMBER, phoneNumberUniqueId)
                .map(row -> new PhoneNumber(row.getUniqueId(), row.getPhoneNumber(), Optional.ofNullable(row.getRegion())));
    }
}
