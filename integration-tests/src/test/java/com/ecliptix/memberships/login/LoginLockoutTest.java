package com.ecliptix.memberships.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.membership.MembershipStatus;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logins, through the API: the rules of {@code Authentication.MaxFailedAttempts} (5 failures),
 * {@code Authentication.AttemptWindowMinutes} (in 5 minutes) and {@code Authentication.LockoutDurationMinutes}
 * (a 5-minute lockout, doubled by each further one within 24 hours), a success clears failures; also under
 * concurrent logins.
 */
@DatabaseTest
class LoginLockoutTest {

    private static final Duration FIRST_LOCKOUT = Duration.ofMinutes(DocumentedDefaults.of(Limit.LOCKOUT_DURATION));
    private static final int MAX_FAILED = DocumentedDefaults.of(Limit.MAX_FAILED_LOGINS);
    private static final Duration PAST_WINDOW = Duration.ofMinutes(DocumentedDefaults.of(Limit.LOGIN_ATTEMPT_WINDOW)).plusSeconds(1);

    private static long lockouts(TestDatabase db, String phone) {
        return db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone);
    }

    private static long lockoutEvents(TestDatabase db, String phone) {
        return db.count("EventLog", "\"EventType\" = 'lockout' AND \"Message\" LIKE ?", "%" + phone + "%");
    }

    private static void setStatus(TestDatabase db, UUID membership, String status) {
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = ? WHERE \"UniqueId\" = ?", status, membership);
    }

    @Test
    void fiveFailuresInFiveMinutesLockThePhoneOutWithTheTimeLeft(TestDatabase db) {
        String phone = Phones.unique();
        LoginResult fourth = null;
        for (int i = 1; i <= 4; i++) {
            fourth = db.api().logins().login(phone);
            assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, fourth.outcome(), "failure " + i);
        }
        assertTrue(fourth.lockedFor().isEmpty());
        assertEquals(0, lockouts(db, phone));
        long events = db.count("EventLog");

        LoginResult fifth = db.api().logins().login(phone);
        LoginResult next = db.api().logins().login(phone);

        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, fifth.outcome());
        assertEquals(FIRST_LOCKOUT, fifth.lockedFor().orElseThrow(), "the failure that starts a lockout says how long it lasts");
        assertEquals(events + 1, db.count("EventLog"), "a lockout writes one security event");
        assertEquals(LoginOutcome.LOCKED_OUT, next.outcome());
        Duration left = next.lockedFor().orElseThrow();
        assertTrue(left.compareTo(Duration.ZERO) > 0 && left.compareTo(FIRST_LOCKOUT) <= 0, "time left " + left);
        assertEquals(1, lockouts(db, phone));
        assertEquals(1, lockoutEvents(db, phone));
    }

    @Test
    void aLockedOutLoginSaysTheTimeLeftAndIsLoggedButNotCounted(TestDatabase db) {
        Fixtures.Member member = new Fixtures(db).activeMembership(new byte[] {42});
        String phone = member.phoneNumber();
        for (int i = 0; i < MAX_FAILED - 1; i++) {
            db.api().logins().logAttempt(phone, "invalid_password", false);
        }
        setStatus(db, member.membership(), "inactive");
        assertEquals(FIRST_LOCKOUT, db.api().logins().login(phone).lockedFor().orElseThrow());
        setStatus(db, member.membership(), "active");
        // 100 s of the 300 s lockout have passed.
        db.backdate("LoginAttempts", "LockedUntil", Duration.ofSeconds(100), "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone);
        long events = lockoutEvents(db, phone);

        LoginResult first = db.api().logins().login(phone);
        LoginResult second = db.api().logins().login(phone);

        assertEquals(LoginOutcome.LOCKED_OUT, first.outcome());
        long left = first.lockedFor().orElseThrow().toSeconds();
        assertTrue(left >= 199 && left <= 200, "locked for " + left + " s");
        assertTrue(first.secureKey().isEmpty());
        assertTrue(first.membershipUniqueId().isEmpty());
        assertEquals(LoginOutcome.LOCKED_OUT, second.outcome());
        assertEquals(2, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" = 'locked_out' AND \"IsSuccess\" = ?", phone, false));
        // locked_out is not a failure: it neither starts nor extends a lockout.
        assertEquals(1, lockouts(db, phone));
        assertEquals(events, lockoutEvents(db, phone));
    }

    @Test
    void aCorrectLoginDuringALockoutIsStillLockedOut(TestDatabase db) {
        Fixtures.Member member = new Fixtures(db).activeMembership(new byte[] {42});
        String phone = member.phoneNumber();
        setStatus(db, member.membership(), "inactive");
        for (int i = 0; i < MAX_FAILED; i++) {
            db.api().logins().login(phone);
        }
        setStatus(db, member.membership(), "active");

        LoginResult login = db.api().logins().login(phone);

        assertEquals(LoginOutcome.LOCKED_OUT, login.outcome());
        assertTrue(login.secureKey().isEmpty());
        assertEquals(0, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" = 'success'", phone));
    }

    @Test
    void afterTheLockoutEndsLoginIsDecidedAgain(TestDatabase db) {
        Fixtures.Member member = new Fixtures(db).activeMembership(new byte[] {42});
        String phone = member.phoneNumber();
        for (int i = 0; i < MAX_FAILED - 1; i++) {
            db.api().logins().logAttempt(phone, "invalid_password", false);
        }
        setStatus(db, member.membership(), "inactive");
        assertEquals(FIRST_LOCKOUT, db.api().logins().login(phone).lockedFor().orElseThrow());
        setStatus(db, member.membership(), "active");

        endLockout(db, phone);

        assertEquals(LoginOutcome.SUCCESS, db.api().logins().login(phone).outcome());
    }

    @Test
    void theLockoutIsPerPhoneNumber(TestDatabase db) {
        String phone = Phones.unique();
        lockOut(db, phone);

        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, db.api().logins().login(Phones.unique()).outcome());
        assertEquals(LoginOutcome.LOCKED_OUT, db.api().logins().login(phone).outcome());
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
        assertEquals(0, lockouts(db, phone));
        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, db.api().logins().login(phone).outcome());
    }

    @Test
    void eachFurtherLockoutWithinADayLastsTwiceAsLongUpToADay(TestDatabase db) {
        String phone = Phones.unique();
        List<Duration> lockouts = new ArrayList<>();

        for (int lockout = 0; lockout < 11; lockout++) {
            lockouts.add(failFiveTimes(db, phone).lockedFor().orElseThrow());
            assertEquals(LoginOutcome.LOCKED_OUT, db.api().logins().login(phone).outcome());
            endLockout(db, phone);
        }

        List<Duration> expected = new ArrayList<>();
        for (int lockout = 0; lockout < 11; lockout++) {
            Duration doubled = FIRST_LOCKOUT.multipliedBy(1L << lockout);
            expected.add(doubled.compareTo(Duration.ofDays(1)) < 0 ? doubled : Duration.ofDays(1));
        }
        assertEquals(expected, lockouts, "5, 10, 20 ... minutes, capped at 24 hours");
        assertEquals(11, lockoutEvents(db, phone));
    }

    @Test
    void aSuccessResetsTheDoubling(TestDatabase db) {
        String phone = Phones.unique();
        assertEquals(FIRST_LOCKOUT, failFiveTimes(db, phone).lockedFor().orElseThrow());
        endLockout(db, phone);
        assertEquals(FIRST_LOCKOUT.multipliedBy(2), failFiveTimes(db, phone).lockedFor().orElseThrow());
        endLockout(db, phone);

        db.api().logins().logAttempt(phone, "success", true);

        assertEquals(FIRST_LOCKOUT, failFiveTimes(db, phone).lockedFor().orElseThrow());
    }

    @Test
    void aSuccessEndsARunningLockout(TestDatabase db) {
        String phone = Phones.unique();
        lockOut(db, phone);
        assertEquals(LoginOutcome.LOCKED_OUT, db.api().logins().login(phone).outcome());

        db.api().logins().logAttempt(phone, "success", true);

        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, db.api().logins().login(phone).outcome());
    }

    @Test
    void aLockoutMoreThanADayAgoDoesNotDoubleTheNextOne(TestDatabase db) {
        String phone = Phones.unique();
        assertEquals(FIRST_LOCKOUT, failFiveTimes(db, phone).lockedFor().orElseThrow());
        endLockout(db, phone);
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
        assertEquals(1, lockouts(db, member));

        // Four logged failures and a failed login: the login is the fifth failure and starts the lockout.
        String other = Phones.unique();
        for (int i = 0; i < MAX_FAILED - 1; i++) {
            db.api().logins().logAttempt(other, "invalid_password", false);
        }
        assertEquals(FIRST_LOCKOUT, db.api().logins().login(other).lockedFor().orElseThrow());
    }

    @Test
    void loggedLockedOutAttemptsAreNotCountedAsFailures(TestDatabase db) {
        String phone = Phones.unique();
        for (int i = 0; i < 10; i++) {
            db.api().logins().logAttempt(phone, "locked_out", false);
        }

        for (int i = 0; i < MAX_FAILED - 1; i++) {
            assertTrue(db.api().logins().login(phone).lockedFor().isEmpty(), "failure " + (i + 1));
        }
        assertEquals(FIRST_LOCKOUT, db.api().logins().login(phone).lockedFor().orElseThrow());
    }

    @Test
    void aSuccessClearsTheFailures(TestDatabase db) {
        byte[] key = {4, 2};
        Fixtures.Member membership = new Fixtures(db).activeMembership(key);
        String member = membership.phoneNumber();
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

        // The fifth failure since the last success starts a lockout; the attempts before it stay as audit rows.
        for (int i = 0; i < 4; i++) {
            db.api().logins().logAttempt(member, "passphrase_mismatch", false);
        }
        setStatus(db, membership.membership(), "inactive");
        LoginResult fifthSinceSuccess = db.api().logins().login(member);
        assertEquals(LoginOutcome.INACTIVE_MEMBERSHIP, fifthSinceSuccess.outcome());
        assertEquals(FIRST_LOCKOUT, fifthSinceSuccess.lockedFor().orElseThrow());
        assertEquals(15, db.count("LoginAttempts", "\"PhoneNumber\" = ?", member));
    }

    @Test
    void theSecureKeyIsReturnedOnlyOnSuccessAndEveryOutcomeIsRecorded(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        byte[] key = {7};
        Fixtures.Member active = fixtures.activeMembership(key);
        String member = active.phoneNumber();
        Fixtures.VerifiedRegistration noKey = fixtures.verifiedRegistration();
        UUID noKeyMembership = db.api().memberships().create(noKey.flow(), noKey.connection(), noKey.otp()).membershipUniqueId().orElseThrow();
        String unknownNumber = Phones.unique();
        String noMembership = Phones.unique();
        fixtures.phone(noMembership, null);

        LoginResult success = db.api().logins().login(member);
        LoginResult withoutKey = db.api().logins().login(noKey.phoneNumber());
        LoginResult unknown = db.api().logins().login(unknownNumber);
        LoginResult withoutMembership = db.api().logins().login(noMembership);
        for (int i = 0; i < 5; i++) {
            db.api().logins().logAttempt(member, "passphrase_mismatch", false);
        }
        LoginResult locked = db.api().logins().login(member);

        assertEquals(LoginOutcome.SUCCESS, success.outcome());
        assertEquals(active.membership(), success.membershipUniqueId().orElseThrow());
        assertEquals(MembershipStatus.ACTIVE, success.status().orElseThrow());
        assertArrayEquals(key, success.secureKey().orElseThrow());
        assertTrue(success.lockedFor().isEmpty());
        assertEquals(1, attempts(db, member, "success", true));
        assertEquals(LoginOutcome.SECURE_KEY_NOT_SET, withoutKey.outcome());
        assertEquals(noKeyMembership, withoutKey.membershipUniqueId().orElseThrow());
        assertEquals(MembershipStatus.INACTIVE, withoutKey.status().orElseThrow());
        assertTrue(withoutKey.secureKey().isEmpty());
        assertEquals(1, attempts(db, noKey.phoneNumber(), "secure_key_not_set", false));
        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, unknown.outcome());
        assertTrue(unknown.secureKey().isEmpty());
        assertTrue(unknown.membershipUniqueId().isEmpty());
        assertTrue(unknown.lockedFor().isEmpty());
        assertEquals(1, attempts(db, unknownNumber, "phone_number_not_found", false));
        assertEquals(LoginOutcome.MEMBERSHIP_NOT_FOUND, withoutMembership.outcome());
        assertTrue(withoutMembership.membershipUniqueId().isEmpty());
        assertEquals(1, attempts(db, noMembership, "membership_not_found", false));
        assertEquals(LoginOutcome.LOCKED_OUT, locked.outcome());
        assertTrue(locked.secureKey().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inactive", "blocked"})
    void aMembershipThatIsNotActiveGetsNoKey(String status, TestDatabase db) {
        Fixtures.Member member = new Fixtures(db).activeMembership(new byte[] {42});
        setStatus(db, member.membership(), status);

        LoginResult login = db.api().logins().login(member.phoneNumber());

        assertEquals(LoginOutcome.INACTIVE_MEMBERSHIP, login.outcome());
        assertEquals(MembershipStatus.valueOf(status.toUpperCase(Locale.ROOT)), login.status().orElseThrow());
        assertTrue(login.secureKey().isEmpty());
        assertEquals(1, attempts(db, member.phoneNumber(), "inactive_membership", false), "counted as a failure");
    }

    private static long attempts(TestDatabase db, String phone, String outcome, boolean success) {
        return db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" = ? AND \"IsSuccess\" = ?", phone, outcome, success);
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

    /**
     * Moves time past the running lockout (the longest is a day) and out of the failure window, keeping every
     * attempt within the last 24 hours, where it still doubles the next lockout.
     */
    private static void endLockout(TestDatabase db, String phone) {
        db.backdate("LoginAttempts", "LockedUntil", Duration.ofHours(25), "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone);
        db.backdate("LoginAttempts", "CreatedAt", PAST_WINDOW, "\"PhoneNumber\" = ?", phone);
    }
}
