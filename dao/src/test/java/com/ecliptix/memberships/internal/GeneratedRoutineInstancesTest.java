package com.ecliptix.memberships.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.ecliptix.memberships.generated.routines.EnsurePhoneNumber;
import com.ecliptix.memberships.generated.routines.GetConfigValue;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.Parameter;
import org.junit.jupiter.api.Test;

/** The values moved between an instance of a generated routine class and a call, without a database. */
class GeneratedRoutineInstancesTest {

    @Test
    void theCallCarriesTheInputsSetOnTheInstanceAndNothingElse() {
        InsertOtpRecord routine = new InsertOtpRecord();
        UUID flow = UUID.randomUUID();
        Instant expires = Instant.parse("2030-01-02T03:04:05.123456Z");
        routine.setFlowUniqueId(flow);
        routine.setOtpHash("hash");
        routine.setExpiresAt(expires);

        RoutineCall call = GeneratedRoutineInstances.callOf(routine);

        assertEquals(InsertOtpRecord.class, call.routine());
        assertEquals(3, call.size(), "OtpSalt and the outputs were not set");
        assertEquals(flow, call.value(call.indexOf(InsertOtpRecord.FLOW_UNIQUE_ID)));
        assertEquals("hash", call.value(call.indexOf(InsertOtpRecord.OTP_HASH)));
        assertEquals(expires, call.value(call.indexOf(InsertOtpRecord.EXPIRES_AT)), "the user-side value, converted when bound");
        assertEquals(-1, call.indexOf(InsertOtpRecord.OTP_SALT));
        assertEquals(-1, call.indexOf(InsertOtpRecord.OUTCOME));
    }

    @Test
    void anInputSetBackToNullIsLeftOutLikeOneNeverSet() {
        EnsurePhoneNumber routine = new EnsurePhoneNumber();
        routine.setPhoneNumber("+14155550100");
        routine.setAppDeviceId(UUID.randomUUID());
        routine.setAppDeviceId(null);

        RoutineCall call = GeneratedRoutineInstances.callOf(routine);

        assertEquals(1, call.size());
        assertEquals(-1, call.indexOf(EnsurePhoneNumber.APP_DEVICE_ID));
    }

    @Test
    void theOutputsReplaceThoseOfAnEarlierCallOnTheClassPathAndNameTheFixOnTheModulePath() {
        EnsurePhoneNumber routine = new EnsurePhoneNumber();
        UUID phone = UUID.randomUUID();
        Map<Parameter<?>, Object> first = new IdentityHashMap<>();
        first.put(EnsurePhoneNumber.PHONE_NUMBER_UNIQUE_ID, phone);
        first.put(EnsurePhoneNumber.OUTCOME, "created");
        Map<Parameter<?>, Object> second = new IdentityHashMap<>();
        second.put(EnsurePhoneNumber.OUTCOME, "invalid_phone_number");

        if (GeneratedRoutineInstances.class.getModule().isNamed() && !opensJooqImpl()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> GeneratedRoutineInstances.setOutputs(routine, new Outputs("EnsurePhoneNumber", first)));
            assertTrue(e.getMessage().contains(GeneratedRoutineInstances.ADD_OPENS), e.getMessage());
            return;
        }
        GeneratedRoutineInstances.setOutputs(routine, new Outputs("EnsurePhoneNumber", first));
        assertEquals(phone, routine.getPhoneNumberUniqueId());
        assertEquals("created", routine.getOutcome());

        GeneratedRoutineInstances.setOutputs(routine, new Outputs("EnsurePhoneNumber", second));
        assertNull(routine.getPhoneNumberUniqueId(), "an output of the earlier call does not survive");
        assertEquals("invalid_phone_number", routine.getOutcome());
    }

    @Test
    void aFunctionsReturnValueIsReadByGetReturnValue() {
        GetConfigValue function = new GetConfigValue();
        assumeFalse(GeneratedRoutineInstances.class.getModule().isNamed() && !opensJooqImpl(),
                "on the module path jOOQ keeps outputs closed (the test above checks the message); GeneratedRoutinesTest"
                        + " reads every routine's outputs, a function's return value included, on the class path");
        Map<Parameter<?>, Object> values = new IdentityHashMap<>();
        values.put(GetConfigValue.RETURN_VALUE, "5");
        GeneratedRoutineInstances.setOutputs(function, new Outputs("GetConfigValue", values));
        assertEquals("5", function.getReturnValue());
    }

    private static boolean opensJooqImpl() {
        Module jooq = org.jooq.impl.AbstractRoutine.class.getModule();
        return jooq.isOpen("org.jooq.impl", GeneratedRoutineInstances.class.getModule());
    }
}
