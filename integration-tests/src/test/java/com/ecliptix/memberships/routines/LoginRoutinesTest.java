package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.RoutineFixtures.activeMember;
import static com.ecliptix.memberships.routines.RoutineFixtures.login;
import static com.ecliptix.memberships.routines.RoutineFixtures.member;
import static com.ecliptix.memberships.routines.RoutineFixtures.phone;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.generated.routines.LogLoginAttempt;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.routines.RoutineFixtures.Member;
import com.ecliptix.memberships.routines.RoutineFixtures.Phone;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** LoginMembership and LogLoginAttempt: outcomes, lockouts and their doubling. */
@DatabaseTest
class LoginRoutinesTest {

    private static final byte[] KEY = {42, 43, 44};

    /** Authentication.LockoutDurationMinutes, MaxFailedAttempts and AttemptWindowMinutes at their defaults. */
    private static final int FIRST_LOCKOUT_SECONDS = 5 * 60;

    private static final int MAX_FAILED = 5;

    private static final Duration PAST_WINDOW = Duration.ofMinutes(5).plusSeconds(1);

    private static long attempts(TestDatabase db, String number) {
        return db.count("LoginAttempts", "\"PhoneNumber\" = ?", number);
    }

    private static long attempts(TestDatabase db, String number, String outcome, boolean success) {
        return db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" = ? AND \"IsSuccess\" = ?", number, outcome, success);
    }

    private static long lockoutEvents(TestDatabase db, String number) {
        return db.count("EventLog", "\"EventType\" = 'lockout' AND \"Message\" LIKE ?", "%" + number + "%");
    }

    /** Fails {@code times} logins of an unknown number and returns the last call. */
    private static LoginMembership fail(TestDatabase db, String number, int times) {
        LoginMembership last = null;
        for (int i = 0; i < times; i++) {
            last = login(db, number);
            assertEquals("phone_number_not_found", last.getOutcome(), "failure " + (i + 1));
        }
        return last;
    }

    /** Moves time past the running lockout and out of the window, keeping every row within the last 24 h. */
    private static void endLockout(TestDatabase db, String number) {
        db.backdate("LoginAttempts", "LockedUntil", Duration.ofHours(25), "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", number);
        db.backdate("LoginAttempts", "CreatedAt", PAST_WINDOW, "\"PhoneNumber\" = ?", number);
    }

    private static LogLoginAttempt log(TestDatabase db, String number, String outcome, Boolean success) {
        LogLoginAttempt call = new LogLoginAttempt();
        call.setPhoneNumber(number);
        call.setOutcome(outcome);
        call.setIsSuccess(success);
        return db.call(call);
    }

    // ---------------------------------------------------------------- LoginMembership outcomes

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

    @Test
    void loginWithAnUnknownNumberIsPhoneNumberNotFoundAndLoggedAsAFailure(TestDatabase db) {
        String number = Phones.unique();

        LoginMembership call = login(db, number);

        assertEquals("phone_number_not_found", call.getOutcome());
        assertNull(call.getMembershipUniqueId());
        assertNull(call.getLockedForSeconds());
        assertEquals(1, attempts(db, number, "phone_number_not_found", false));
    }

    @Test
    void loginForAPhoneWithoutMembershipIsMembershipNotFoundAndLogged(TestDatabase db) {
        Phone phone = phone(db, null);

        LoginMembership call = login(db, phone.number());

        assertEquals("membership_not_found", call.getOutcome());
        assertNull(call.getMembershipUniqueId());
        assertEquals(1, attempts(db, phone.number(), "membership_not_found", false));
    }

    @Test
    void loginForAMembershipWithoutKeyIsSecureKeyNotSetAndLogged(TestDatabase db) {
        Member member = member(db);

        LoginMembership call = login(db, member.phone().number());

        assertEquals("secure_key_not_set", call.getOutcome());
        assertEquals(member.membership(), call.getMembershipUniqueId());
        assertEquals("inactive", call.getStatus());
        assertNull(call.getSecureKey());
        assertEquals(1, attempts(db, member.phone().number(), "secure_key_not_set", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inactive", "blocked"})
    void loginForAMembershipThatIsNotActiveIsInactiveMembershipWithoutTheKey(String status, TestDatabase db) {
        Member member = activeMember(db, KEY);
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = ? WHERE \"UniqueId\" = ?", status, member.membership());

        LoginMembership call = login(db, member.phone().number());

        assertEquals("inactive_membership", call.getOutcome());
        assertEquals(status, call.getStatus());
        assertNull(call.getSecureKey());
        assertEquals(1, attempts(db, member.phone().number(), "inactive_membership", false));
    }

    @Test
    void loginForAnActiveMembershipSucceedsReturnsTheKeyAndIsLoggedAsASuccess(TestDatabase db) {
        Member member = activeMember(db, KEY);

        LoginMembership call = login(db, member.phone().number());

        assertEquals("success", call.getOutcome());
        assertEquals(member.membership(), call.getMembershipUniqueId());
        assertEquals("active", call.getStatus());
        assertArrayEquals(KEY, call.getSecureKey());
        assertNull(call.getLockedForSeconds());
        assertEquals(1, attempts(db, member.phone().number(), "success", true));
    }

    // ---------------------------------------------------------------- lockouts

    @Test
    void theFifthFailureInTheWindowSetsLockedUntilAndWritesAnEventLogRow(TestDatabase db) {
        String number = Phones.unique();

        LoginMembership fourth = fail(db, number, MAX_FAILED - 1);
        assertNull(fourth.getLockedForSeconds());
        assertEquals(0, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", number));

        LoginMembership fifth = fail(db, number, 1);

        assertEquals("phone_number_not_found", fifth.getOutcome());
        assertEquals(FIRST_LOCKOUT_SECONDS, fifth.getLockedForSeconds());
        assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", number));
        assertEquals(1, lockoutEvents(db, number));
    }

    @Test
    void theCallAfterTheLockoutStartedIsLockedOutWithTheSecondsLeftLoggedButNotCounted(TestDatabase db) {
        Member member = activeMember(db, KEY);
        String number = member.phone().number();
        for (int i = 0; i < MAX_FAILED - 1; i++) {
            log(db, number, "invalid_password", false);
        }
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'inactive' WHERE \"UniqueId\" = ?", member.membership());
        assertEquals(FIRST_LOCKOUT_SECONDS, login(db, number).getLockedForSeconds());
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'active' WHERE \"UniqueId\" = ?", member.membership());
        // 100 s of the 300 s lockout have passed.
        db.backdate("LoginAttempts", "LockedUntil", Duration.ofSeconds(100), "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", number);
        long events = lockoutEvents(db, number);

        LoginMembership first = login(db, number);
        LoginMembership second = login(db, number);

        assertEquals("locked_out", first.getOutcome());
        assertTrue(first.getLockedForSeconds() >= 199 && first.getLockedForSeconds() <= 200, "LockedForSeconds " + first.getLockedForSeconds());
        assertNull(first.getSecureKey());
        assertNull(first.getMembershipUniqueId());
        assertEquals("locked_out", second.getOutcome());
        assertEquals(2, attempts(db, number, "locked_out", false));
        // locked_out is not a failure: it neither starts nor extends a lockout.
        assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", number));
        assertEquals(events, lockoutEvents(db, number));
    }

    @Test
    void aCorrectLoginDuringALockoutIsStillLockedOut(TestDatabase db) {
        Member member = activeMember(db, KEY);
        String number = member.phone().number();
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'inactive' WHERE \"UniqueId\" = ?", member.membership());
        for (int i = 0; i < MAX_FAILED; i++) {
            login(db, number);
        }
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'active' WHERE \"UniqueId\" = ?", member.membership());

        LoginMembership call = login(db, number);

        assertEquals("locked_out", call.getOutcome());
        assertNull(call.getSecureKey());
        assertEquals(0, attempts(db, number, "success", true));
    }

    @Test
    void afterTheLockoutEndsLoginIsDecidedAgain(TestDatabase db) {
        Member member = activeMember(db, KEY);
        String number = member.phone().number();
        for (int i = 0; i < MAX_FAILED - 1; i++) {
            log(db, number, "invalid_password", false);
        }
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'inactive' WHERE \"UniqueId\" = ?", member.membership());
        assertEquals(FIRST_LOCKOUT_SECONDS, login(db, number).getLockedForSeconds());
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'active' WHERE \"UniqueId\" = ?", member.membership());

        endLockout(db, number);

        assertEquals("success", login(db, number).getOutcome());
    }

    @Test
    void failuresOutsideTheWindowDoNotCount(TestDatabase db) {
        String number = Phones.unique();
        fail(db, number, MAX_FAILED - 1);
        db.backdate("LoginAttempts", "CreatedAt", PAST_WINDOW, "\"PhoneNumber\" = ?", number);

        LoginMembership call = fail(db, number, 1);

        assertNull(call.getLockedForSeconds());
        assertEquals(0, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", number));
    }

    @Test
    void eachLockoutWithinTwentyFourHoursDoublesTheDurationUpToTwentyFourHours(TestDatabase db) {
        String number = Phones.unique();
        List<Integer> durations = new ArrayList<>();

        for (int lockout = 0; lockout < 11; lockout++) {
            durations.add(fail(db, number, MAX_FAILED).getLockedForSeconds());
            assertEquals("locked_out", login(db, number).getOutcome());
            endLockout(db, number);
        }

        int day = 24 * 60 * 60;
        assertEquals(List.of(300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 76800, day, day), durations);
        assertEquals(11, lockoutEvents(db, number));
    }

    @Test
    void aLockoutOlderThanTwentyFourHoursDoesNotDouble(TestDatabase db) {
        String number = Phones.unique();
        assertEquals(FIRST_LOCKOUT_SECONDS, fail(db, number, MAX_FAILED).getLockedForSeconds());
        endLockout(db, number);
        db.backdate("LoginAttempts", "CreatedAt", Duration.ofHours(24), "\"PhoneNumber\" = ?", number);

        assertEquals(FIRST_LOCKOUT_SECONDS, fail(db, number, MAX_FAILED).getLockedForSeconds());
    }

    @Test
    void aSuccessResetsTheCountedFailures(TestDatabase db) {
        Member member = activeMember(db, KEY);
        String number = member.phone().number();
        for (int i = 0; i < MAX_FAILED - 1; i++) {
            log(db, number, "invalid_password", false);
        }

        assertEquals("success", login(db, number).getOutcome());
        for (int i = 0; i < MAX_FAILED - 1; i++) {
            log(db, number, "invalid_password", false);
        }
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'inactive' WHERE \"UniqueId\" = ?", member.membership());
        LoginMembership fifthSinceSuccess = login(db, number);

        assertEquals("inactive_membership", fifthSinceSuccess.getOutcome());
        assertEquals(FIRST_LOCKOUT_SECONDS, fifthSinceSuccess.getLockedForSeconds());
        // Audit rows are kept: 8 logged failures, 1 success, 1 failure.
        assertEquals(10, attempts(db, number));
    }

    @Test
    void aSuccessResetsTheDoubling(TestDatabase db) {
        String number = Phones.unique();
        assertEquals(FIRST_LOCKOUT_SECONDS, fail(db, number, MAX_FAILED).getLockedForSeconds());
        endLockout(db, number);
        assertEquals(2 * FIRST_LOCKOUT_SECONDS, fail(db, number, MAX_FAILED).getLockedForSeconds());
        endLockout(db, number);

        assertEquals("logged", log(db, number, "success", true).getResult());

        assertEquals(FIRST_LOCKOUT_SECONDS, fail(db, number, MAX_FAILED).getLockedForSeconds());
    }

    @Test
    void aSuccessEndsARunningLockout(TestDatabase db) {
        String number = Phones.unique();
        fail(db, number, MAX_FAILED);
        assertEquals("locked_out", login(db, number).getOutcome());

        log(db, number, "success", true);

        assertEquals("phone_number_not_found", login(db, number).getOutcome());
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

    @Test
    void loggedFailuresCountTowardTheLockout(TestDatabase db) {
        String number = Phones.unique();
        for (int i = 0; i < MAX_FAILED - 1; i++) {
            log(db, number, "invalid_password", false);
        }

        assertEquals(FIRST_LOCKOUT_SECONDS, fail(db, number, 1).getLockedForSeconds());
    }

    @Test
    void loggedLockedOutRowsAreNotCountedAsFailures(TestDatabase db) {
        String number = Phones.unique();
        for (int i = 0; i < 10; i++) {
            log(db, number, "locked_out", false);
        }

        assertNull(fail(db, number, MAX_FAILED - 1).getLockedForSeconds());
        assertEquals(FIRST_LOCKOUT_SECONDS, fail(db, number, 1).getLockedForSeconds());
    }

    @Test
    void theLimitIsPerPhoneNumber(TestDatabase db) {
        String number = Phones.unique();
        fail(db, number, MAX_FAILED);

        assertEquals("phone_number_not_found", login(db, Phones.unique()).getOutcome());
        assertEquals("locked_out", login(db, number).getOutcome());
    }
}
