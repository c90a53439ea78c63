package com.ecliptix.memberships.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Logins, through the API: the rules of {@code Authentication.MaxFailedAttempts} (5 failures),
 * {@code Authentication.AttemptWindowMinutes} (in 5 minutes) and {@code Authentication.LockoutDurationMinutes}
 * (a 5-minute lockout, doubled by each further one within 24 hours), a success clears failures; also under
 * concurrent logins.
 */
@DatabaseTest
class LoginLockoutTest {

    private static final Duration FIRST_LOCKOUT = Duration.ofMinutes(5);

    @Test
    void fiveFailuresInFiveMinutesLockThePhoneOutWithTheTimeLeft(TestDatabase db) {
        String phone = Phones.unique();
        for (int i = 1; i <= 4; i++) {
            assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, db.api().logins().login(phone).outcome(), "failure " + i);
        }
        long events = db.count("EventLog");

        LoginResult fifth = db.api().logins().login(phone);
        LoginResult next = db.api().logins().login(phone);

        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, fifth.outcome());
        assertEquals(FIRST_LOCKOUT, fifth.lockedFor().orElseThrow(), "the failure that starts a lockout says how long it lasts");
        assertEquals(events + 1, db.count("EventLog"), "a lockout writes one security event");
        assertEquals(LoginOutcome.LOCKED_OUT, next.outcome());
        Duration left = next.lockedFor().orElseThrow();
        assertTrue(left.compareTo(Duration.ZERO) > 0 && left.compareTo(FIRST_LOCKOUT) <= 0, "time left " + left);
        assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone));
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount(TestDatabase db) {
        String phone = Phones.unique();
        for (int i = 0; i < 4; i++) {
            db.api().logins().login(phone);
        }
        db.backdate("LoginAttempts", "CreatedAt", Duration.ofMinutes(5).plusSeconds(1), "\"PhoneNumber\" = ?", phone);

        LoginResult fifth = db.api().logins().login(phone);

        assertTrue(fifth.lockedFor().isEmpty());
        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, db.api().logins().login(phone).outcome());
    }

    @Test
    void aFurtherLockoutWithinADayLastsTwiceAsLong(TestDatabase db) {
        String phone = Phones.unique();
        lockOut(db, phone);
        endLockout(db, phone);

        LoginResult secondLockout = failFiveTimes(db, phone);

        assertEquals(FIRST_LOCKOUT.multipliedBy(2), secondLockout.lockedFor().orElseThrow());
        endLockout(db, phone);
        assertEquals(FIRST_LOCKOUT.multipliedBy(4), failFiveTimes(db, phone).lockedFor().orElseThrow());
    }

    @Test
    void aLockoutMoreThanADayAgoDoesNotDoubleTheNextOne(TestDatabase db) {
        String phone = Phones.unique();
        lockOut(db, phone);
        db.backdate("LoginAttempts", "CreatedAt", Duration.ofHours(24).plusMinutes(1), "\"PhoneNumber\" = ?", phone);
        db.backdate("LoginAttempts", "LockedUntil", Duration.ofHours(24).plusMinutes(1), "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone);

        assertEquals(FIRST_LOCKOUT, failFiveTimes(db, phone).lockedFor().orElseThrow());
    }

    @Test
    void failuresLoggedByTheApplicationCountTowardTheLockout(TestDatabase db) {
        String member = new Fixtures(db).activeMember(new byte[] {1});
        for (int i = 0; i < 5; i++) {
            db.api().logins().logAttempt(member, "passphrase_mismatch", false);
        }

        LoginResult login = db.api().logins().login(member);

        assertEquals(LoginOutcome.LOCKED_OUT, login.outcome());
        assertTrue(login.secureKey().isEmpty());
        assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", member));
    }

    @Test
    void aSuccessClearsTheFailures(TestDatabase db) {
        byte[] key = {4, 2};
        String member = new Fixtures(db).activeMember(key);
        for (int i = 0; i < 4; i++) {
            db.api().logins().logAttempt(member, "passphrase_mismatch", false);
        }

        assertEquals(LoginOutcome.SUCCESS, db.api().logins().login(member).outcome());
        for (int i = 0; i < 4; i++) {
            db.api().logins().logAttempt(member, "passphrase_mismatch", false);
        }

        LoginResult login = db.api().logins().login(member);
        assertEquals(LoginOutcome.SUCCESS, login.outcome(), "4 failures after the success are below the limit");
        assertArrayEquals(key, login.secureKey().orElseThrow());
    }

    @Test
    void theSecureKeyIsReturnedOnlyOnSuccess(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        String member = fixtures.activeMember(new byte[] {7});
        Fixtures.VerifiedRegistration noKey = fixtures.verifiedRegistration();
        db.api().memberships().create(noKey.flow(), noKey.connection(), noKey.otp());

        LoginResult withoutKey = db.api().logins().login(noKey.phoneNumber());
        LoginResult unknown = db.api().logins().login(Phones.unique());
        for (int i = 0; i < 5; i++) {
            db.api().logins().logAttempt(member, "passphrase_mismatch", false);
        }
        LoginResult locked = db.api().logins().login(member);

        assertEquals(LoginOutcome.SECURE_KEY_NOT_SET, withoutKey.outcome());
        assertTrue(withoutKey.secureKey().isEmpty());
        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, unknown.outcome());
        assertTrue(unknown.secureKey().isEmpty());
        assertEquals(LoginOutcome.LOCKED_OUT, locked.outcome());
        assertTrue(locked.secureKey().isEmpty());
    }

    @Test
    void fiftyParallelFailedLoginsLockOutAfterExactlyFiveCountedFailures(TestDatabase db) throws Exception {
        String phone = Phones.unique();

        List<LoginResult> results = Concurrently.run(50, i -> db.api().logins().login(phone));

        assertEquals(5, results.stream().filter(r -> r.outcome() == LoginOutcome.PHONE_NUMBER_NOT_FOUND).count());
        assertEquals(45, results.stream().filter(r -> r.outcome() == LoginOutcome.LOCKED_OUT).count());
        assertEquals(5, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" <> 'locked_out'", phone));
        assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone));
        assertEquals(1, db.count("EventLog", "\"EventType\" = 'lockout' AND \"Message\" LIKE ?", "%" + phone + "%"), "one lockout event");
    }

    @Test
    void aMalformedNumberIsRejectedAndNotLogged(TestDatabase db) {
        long before = db.totalRows();

        assertEquals("PhoneNumber", assertThrows(InvalidInputException.class, () -> db.api().logins().login("+1 555")).parameter());
        assertEquals("PhoneNumber", assertThrows(InvalidInputException.class, () -> db.api().logins().login(null)).parameter());
        assertEquals("Outcome", assertThrows(InvalidInputException.class,
                () -> db.api().logins().logAttempt(Phones.unique(), "", false)).parameter());

        assertEquals(before, db.totalRows());
    }

    private static void lockOut(TestDatabase db, String phone) {
        assertTrue(failFiveTimes(db, phone).lockedFor().isPresent(), "five failures start a lockout");
    }

    private static LoginResult failFiveTimes(TestDatabase db, String phone) {
        LoginResult last = null;
        for (int i = 0; i < 5; i++) {
            last = db.api().logins().login(phone);
            assertTrue(last.outcome() != LoginOutcome.SUCCESS && last.outcome() != LoginOutcome.LOCKED_OUT, "attempt " + (i + 1) + ": " + last);
        }
        return last;
    }

    /** Moves the phone's attempts back past the lockout and the failure window, as if the lockout ran out. */
    private static void endLockout(TestDatabase db, String phone) {
        Duration lockout = Duration.ofHours(2);
        db.backdate("LoginAttempts", "CreatedAt", lockout, "\"PhoneNumber\" = ?", phone);
        db.backdate("LoginAttempts", "LockedUntil", lockout, "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone);
    }
}
