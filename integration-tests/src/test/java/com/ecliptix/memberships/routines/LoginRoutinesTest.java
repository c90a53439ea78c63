package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.Routines.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.ecliptix.memberships.generated.routines.LogLoginAttempt;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LoginMembership and LogLoginAttempt called directly: their raw codes for the input the API refuses before
 * calling, and LogLoginAttempt's result. The login outcomes and the lockout rules are tested once, through
 * the API, in {@code login.LoginLockoutTest}.
 */
@DatabaseTest
class LoginRoutinesTest {

    private static long attempts(TestDatabase db, String number, String outcome, boolean success) {
        return db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" = ? AND \"IsSuccess\" = ?", number, outcome, success);
    }

    private static LogLoginAttempt log(TestDatabase db, String number, String outcome, Boolean success) {
        LogLoginAttempt call = new LogLoginAttempt();
        call.setPhoneNumber(number);
        call.setOutcome(outcome);
        call.setIsSuccess(success);
        return db.call(call);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "14155550100", "+04155550100", "+1415", "+1415555010012345", "+1 415 555 0100", "+1415555010 "})
    void loginWithAMalformedNumberIsInvalidPhoneNumberAndIsNotLogged(String number, TestDatabase db) {
        long before = db.totalRows();

        LoginMembership call = login(db, number);

        assertEquals("invalid_phone_number", call.getOutcome());
        assertNull(call.getMembershipUniqueId());
        assertNull(call.getStatus());
        assertNull(call.getSecureKey());
        assertNull(call.getLockedForSeconds());
        assertEquals(before, db.totalRows());
    }

    // ---------------------------------------------------------------- LogLoginAttempt

    @Test
    void aLoginAttemptIsLogged(TestDatabase db) {
        String number = Phones.unique();

        LogLoginAttempt call = log(db, number, "invalid_password", false);

        assertEquals("logged", call.getResult());
        assertEquals(1, attempts(db, number, "invalid_password", false));
        assertEquals(0, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no number", "malformed number", "number with a blank", "no outcome", "empty outcome",
            "outcome over 50", "no success flag"})
    void anAttemptWithBadInputIsInvalidInputAndWritesNothing(String which, TestDatabase db) {
        String number = Phones.unique();
        String outcome = "invalid_password";
        Boolean success = false;
        switch (which) {
            case "no number" -> number = null;
            case "malformed number" -> number = "0015551234567";
            case "number with a blank" -> number = number + " ";
            case "no outcome" -> outcome = null;
            case "empty outcome" -> outcome = "";
            case "outcome over 50" -> outcome = "x".repeat(51);
            case "no success flag" -> success = null;
            default -> throw new IllegalArgumentException(which);
        }
        long before = db.totalRows();

        assertEquals("invalid_input", log(db, number, outcome, success).getResult());
        assertEquals(before, db.totalRows());
    }

}
