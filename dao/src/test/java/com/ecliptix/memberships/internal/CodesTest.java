package com.ecliptix.memberships.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.RoutineCallException;
import com.ecliptix.memberships.login.LoginOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodesTest {

    @Test
    void aCodeIsTheConstantsNameInLowerCase() {
        assertEquals("phone_number_not_found", Codes.code(LoginOutcome.PHONE_NUMBER_NOT_FOUND));
        assertEquals(LoginOutcome.LOCKED_OUT, Codes.parse("LoginMembership", LoginOutcome.class, "locked_out"));
    }

    @Test
    void aBadInputCodeBecomesAnInvalidInputExceptionNamingTheParameter() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Codes.parse(
                "LoginMembership", LoginOutcome.class, "invalid_phone_number", Map.of("invalid_phone_number", "PhoneNumber")));
        assertEquals("PhoneNumber", e.parameter());
    }

    @Test
    void aCodeOutsideTheContractBecomesARoutineCallExceptionNamingTheRoutine() {
        RoutineCallException e = assertThrows(RoutineCallException.class,
                () -> Codes.parse("LoginMembership", LoginOutcome.class, "Success"));
        assertEquals("LoginMembership", e.routine());
        assertThrows(RoutineCallException.class, () -> Codes.parse("LoginMembership", LoginOutcome.class, null));
    }
}
