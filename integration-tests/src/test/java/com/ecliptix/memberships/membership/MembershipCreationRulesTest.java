package com.ecliptix.memberships.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures.VerifiedRegistration;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.verification.OtpStatus;
import com.ecliptix.memberships.verification.Purpose;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Memberships, through the API: only from verified registration flows, one per phone, and the rule of
 * {@code Membership.MaxFailedAttemptsPerHour} (5 failed creations per phone in the trailing hour), also under
 * concurrent creations.
 */
@DatabaseTest
class MembershipCreationRulesTest {

    private static final int MAX_FAILED_PER_HOUR = Limit.MAX_FAILED_MEMBERSHIP_CREATIONS_PER_HOUR.defaultValue();

    @Test
    void aVerifiedRegistrationFlowWithItsConnectionCreatesAnInactiveMembership(TestDatabase db) {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();

        MembershipCreation created = create(db, registration, registration.connection());

        assertEquals(MembershipCreationOutcome.CREATED, created.outcome());
        assertEquals(MembershipStatus.INACTIVE, created.status().orElseThrow());
        assertEquals(1, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));
        assertEquals(1, db.count("MembershipAttempts", "\"PhoneNumberId\" = ? AND \"IsSuccess\" = ?", registration.phone(), true));
    }

    @Test
    void aSecondCreationReturnsTheExistingMembership(TestDatabase db) {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();
        UUID first = create(db, registration, registration.connection()).membershipUniqueId().orElseThrow();

        MembershipCreation second = create(db, registration, registration.connection());

        assertEquals(MembershipCreationOutcome.MEMBERSHIP_ALREADY_EXISTS, second.outcome());
        assertEquals(first, second.membershipUniqueId().orElseThrow());
        assertEquals(1, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));
    }

    @Test
    void anotherConnectionCannotUseTheFlowAndTheAttemptCountsAsAFailure(TestDatabase db) {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();

        MembershipCreation created = create(db, registration, registration.connection() + 1);

        assertEquals(MembershipCreationOutcome.VERIFICATION_FLOW_NOT_FOUND, created.outcome());
        assertEquals(0, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));
        assertEquals(1, db.count("MembershipAttempts", "\"PhoneNumberId\" = ? AND \"IsSuccess\" = ?", registration.phone(), false));
    }

    @Test
    void anUnverifiedFlowCreatesNothing(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        long connection = Fixtures.connection();
        UUID flow = db.api().verification().start(device, phone, Purpose.REGISTRATION, connection).flowUniqueId().orElseThrow();
        UUID otp = fixtures.otp(flow);

        MembershipCreation created = db.api().memberships().create(flow, connection, otp);

        assertEquals(MembershipCreationOutcome.FLOW_NOT_VERIFIED, created.outcome());
        assertEquals(0, db.count("Memberships", "\"PhoneNumberId\" = ?", phone));
    }

    @Test
    void aVerifiedFlowOfAnotherPurposeCreatesNothingAndLogsNothing(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        long connection = Fixtures.connection();
        UUID flow = db.api().verification().start(device, phone, Purpose.LOGIN, connection).flowUniqueId().orElseThrow();
        UUID otp = fixtures.otp(flow);
        db.api().verification().updateOtpStatus(otp, OtpStatus.VERIFIED);
        long before = db.totalRows();

        assertEquals(MembershipCreationOutcome.VERIFICATION_FLOW_NOT_FOUND, db.api().memberships().create(flow, connection, otp).outcome());
        assertEquals(before, db.totalRows());
    }

    @Test
    void fiveFailedCreationsInAnHourLockCreationForThePhone(TestDatabase db) {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();
        for (int i = 0; i < 5; i++) {
            assertEquals(MembershipCreationOutcome.VERIFICATION_FLOW_NOT_FOUND,
                    create(db, registration, registration.connection() + 1).outcome(), "failure " + (i + 1));
        }
        long events = db.count("EventLog");

        MembershipCreation locked = create(db, registration, registration.connection());
        MembershipCreation stillLocked = create(db, registration, registration.connection());

        assertEquals(MembershipCreationOutcome.RATE_LIMITED, locked.outcome());
        assertTrue(locked.membershipUniqueId().isEmpty());
        // The oldest counted failure leaves the hour in just under an hour.
        Duration retryAfter = locked.retryAfter().orElseThrow();
        assertTrue(retryAfter.compareTo(Duration.ofMinutes(59)) > 0 && retryAfter.compareTo(Duration.ofHours(1)) <= 0, "retry after " + retryAfter);
        assertEquals(MembershipCreationOutcome.RATE_LIMITED, stillLocked.outcome());
        assertEquals(2, db.count("MembershipAttempts", "\"PhoneNumberId\" = ? AND \"Outcome\" = 'rate_limited' AND \"IsSuccess\" = ?",
                registration.phone(), false), "each refusal is recorded");
        assertEquals(events + 2, db.count("EventLog"));
        assertEquals(2, db.count("EventLog", "\"EventType\" = 'rate_limited' AND \"Message\" LIKE ?", "%" + registration.phoneNumber() + "%"));
        assertEquals(0, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));

        db.backdate("MembershipAttempts", "CreatedAt", Duration.ofHours(1).plusSeconds(1), "\"PhoneNumberId\" = ?", registration.phone());

        assertEquals(MembershipCreationOutcome.CREATED, create(db, registration, registration.connection()).outcome());
    }

    @Test
    void theRateLimitIsCheckedBeforeTheConnectionAndTheExistingMembership(TestDatabase db) {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();
        assertEquals(MembershipCreationOutcome.CREATED, create(db, registration, registration.connection()).outcome());
        for (int i = 0; i < MAX_FAILED_PER_HOUR; i++) {
            assertEquals(MembershipCreationOutcome.VERIFICATION_FLOW_NOT_FOUND,
                    create(db, registration, registration.connection() + 1).outcome(), "failure " + (i + 1));
        }

        MembershipCreation again = create(db, registration, registration.connection());

        assertEquals(MembershipCreationOutcome.RATE_LIMITED, again.outcome(), "not membership_already_exists");
        assertTrue(again.membershipUniqueId().isEmpty());
    }

    @Test
    void failuresOlderThanAnHourNoLongerCount(TestDatabase db) {
        PendingRegistration pending = pendingRegistration(db);
        for (int i = 0; i < MAX_FAILED_PER_HOUR; i++) {
            pending.create(db);
        }
        assertEquals(MembershipCreationOutcome.RATE_LIMITED, pending.create(db).outcome());

        // Sliding window: the oldest failure leaves the hour, one attempt frees up.
        db.backdate("MembershipAttempts", "CreatedAt", Duration.ofMinutes(61),
                "\"Id\" = (SELECT min(a.\"Id\") FROM dbo.\"MembershipAttempts\" a WHERE a.\"PhoneNumberId\" = ?)", pending.phone());

        assertEquals(MembershipCreationOutcome.FLOW_NOT_VERIFIED, pending.create(db).outcome());
        assertEquals(MembershipCreationOutcome.RATE_LIMITED, pending.create(db).outcome());
    }

    @Test
    void aLoggedSuccessResetsTheCountedFailures(TestDatabase db) {
        PendingRegistration pending = pendingRegistration(db);
        for (int i = 0; i < MAX_FAILED_PER_HOUR; i++) {
            pending.create(db);
        }
        assertEquals(MembershipCreationOutcome.RATE_LIMITED, pending.create(db).outcome());

        db.api().memberships().logAttempt(pending.phone(), "created", true);

        assertEquals(MembershipCreationOutcome.FLOW_NOT_VERIFIED, pending.create(db).outcome());
    }

    @Test
    void failuresLoggedByTheApplicationCountTowardTheLimit(TestDatabase db) {
        PendingRegistration pending = pendingRegistration(db);
        for (int i = 0; i < MAX_FAILED_PER_HOUR - 1; i++) {
            db.api().memberships().logAttempt(pending.phone(), "flow_not_verified", false);
        }

        assertEquals(MembershipCreationOutcome.FLOW_NOT_VERIFIED, pending.create(db).outcome());
        MembershipCreation limited = pending.create(db);
        assertEquals(MembershipCreationOutcome.RATE_LIMITED, limited.outcome());
        assertTrue(limited.retryAfter().isPresent());
    }

    @Test
    void tenParallelFailingCreationsAreCutOffAtTheHourlyLimit(TestDatabase db) throws Exception {
        PendingRegistration pending = pendingRegistration(db);

        List<MembershipCreation> results = Concurrently.run(10, i -> pending.create(db));

        assertEquals(5, results.stream().filter(r -> r.outcome() == MembershipCreationOutcome.FLOW_NOT_VERIFIED).count());
        assertEquals(5, results.stream().filter(r -> r.outcome() == MembershipCreationOutcome.RATE_LIMITED).count());
    }

    @Test
    void tenParallelCreationsForOneFlowCreateOneMembership(TestDatabase db) throws Exception {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();

        List<MembershipCreation> results = Concurrently.run(10, i -> create(db, registration, registration.connection()));

        assertEquals(1, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));
        assertEquals(1, results.stream().filter(r -> r.outcome() == MembershipCreationOutcome.CREATED).count());
        assertEquals(9, results.stream().filter(r -> r.outcome() == MembershipCreationOutcome.MEMBERSHIP_ALREADY_EXISTS).count());
        assertEquals(1, new HashSet<>(results.stream().map(r -> r.membershipUniqueId().orElseThrow()).toList()).size());
    }

    @Test
    void theSecureKeyActivatesTheMembershipAndBadKeysWriteNothing(TestDatabase db) {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();
        UUID membership = create(db, registration, registration.connection()).membershipUniqueId().orElseThrow();
        long before = db.totalRows();

        assertEquals("SecureKey", assertThrows(InvalidInputException.class,
                () -> db.api().memberships().setSecureKey(membership, new byte[0])).parameter());
        assertEquals("SecureKey", assertThrows(InvalidInputException.class,
                () -> db.api().memberships().setSecureKey(membership, null)).parameter());
        assertEquals(before, db.totalRows());
        assertEquals(SecureKeyOutcome.MEMBERSHIP_NOT_FOUND, db.api().memberships().setSecureKey(UUID.randomUUID(), new byte[] {1}).outcome());

        SecureKeyUpdate update = db.api().memberships().setSecureKey(membership, new byte[] {1, 2, 3});
        assertEquals(new SecureKeyUpdate(SecureKeyOutcome.UPDATED, Optional.of(MembershipStatus.ACTIVE),
                Optional.of(CreationStatus.SECURE_KEY_SET)), update);
    }

    @Test
    void recoveryIsOfferedOnlyToAnActiveMembershipWithAKey(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        String member = fixtures.activeMember(new byte[] {9, 9});
        VerifiedRegistration withoutKey = fixtures.verifiedRegistration();
        create(db, withoutKey, withoutKey.connection());

        assertEquals(RecoveryOutcome.ELIGIBLE_FOR_RECOVERY, db.api().memberships().checkRecovery(member).outcome());
        assertEquals(RecoveryOutcome.NO_SECURE_KEY, db.api().memberships().checkRecovery(withoutKey.phoneNumber()).outcome());
        assertEquals(RecoveryOutcome.PHONE_NOT_FOUND, db.api().memberships().checkRecovery(Phones.unique()).outcome());
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'blocked' WHERE \"PhoneNumberId\" = "
                + "(SELECT p.\"UniqueId\" FROM dbo.\"PhoneNumbers\" p WHERE p.\"PhoneNumber\" = ?)", member);
        assertEquals(RecoveryOutcome.MEMBERSHIP_BLOCKED, db.api().memberships().checkRecovery(member).outcome());
    }

    /** A registration flow started without a connection, with an OTP that is not verified: every creation fails. */
    private record PendingRegistration(UUID phone, UUID flow, UUID otp) {
        MembershipCreation create(TestDatabase db) {
            return db.api().memberships().create(flow, null, otp);
        }
    }

    private static PendingRegistration pendingRegistration(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        UUID flow = db.api().verification().start(device, phone, Purpose.REGISTRATION, null).flowUniqueId().orElseThrow();
        return new PendingRegistration(phone, flow, fixtures.otp(flow));
    }

    private static MembershipCreation create(TestDatabase db, VerifiedRegistration registration, long connection) {
        return db.api().memberships().create(registration.flow(), connection, registration.otp());
    }
}
