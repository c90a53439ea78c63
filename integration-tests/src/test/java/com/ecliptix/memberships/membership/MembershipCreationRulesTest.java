package com.ecliptix.memberships.membership;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures.VerifiedRegistration;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.verification.OtpStatus;
import com.ecliptix.memberships.verification.OtpStatusOutcome;
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

    private static final int MAX_FAILED_PER_HOUR = DocumentedDefaults.of(Limit.MAX_FAILED_MEMBERSHIP_CREATIONS_PER_HOUR);

    @Test
    void aVerifiedRegistrationFlowWithItsConnectionCreatesAnInactiveMembership(TestDatabase db) {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();

        MembershipCreation created = create(db, registration, registration.connection());

        assertEquals(MembershipCreationOutcome.CREATED, created.outcome());
        assertEquals(MembershipStatus.INACTIVE, created.status().orElseThrow());
        assertTrue(created.retryAfter().isEmpty());
        assertEquals(1, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));
        assertEquals(1, db.count("Memberships",
                "\"UniqueId\" = ? AND \"PhoneNumberId\" = ? AND \"AppDeviceId\" = ? AND \"VerificationFlowId\" = ?"
                        + " AND \"Status\" = 'inactive' AND \"CreationStatus\" = 'otp_verified' AND \"SecureKey\" IS NULL",
                created.membershipUniqueId().orElseThrow(), registration.phone(), registration.device(), registration.flow()));
        assertEquals(1, db.count("MembershipAttempts", "\"PhoneNumberId\" = ? AND \"IsSuccess\" = ?", registration.phone(), true));
        assertEquals(1, attempts(db, registration.phone(), "created", true));
    }

    private static long attempts(TestDatabase db, UUID phone, String outcome, boolean success) {
        return db.count("MembershipAttempts", "\"PhoneNumberId\" = ? AND \"Outcome\" = ? AND \"IsSuccess\" = ?", phone, outcome, success);
    }

    @Test
    void aSecondCreationReturnsTheExistingMembership(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        VerifiedRegistration registration = fixtures.verifiedRegistration();
        UUID first = create(db, registration, registration.connection()).membershipUniqueId().orElseThrow();
        assertEquals(SecureKeyOutcome.UPDATED, db.api().memberships().setSecureKey(first, new byte[] {1, 2}).outcome());
        // A second registration of the same phone from another device.
        UUID otherDevice = fixtures.device();
        long otherConnection = Fixtures.connection();
        UUID secondFlow = db.api().verification().start(otherDevice, registration.phone(), Purpose.REGISTRATION, otherConnection)
                .flowUniqueId().orElseThrow();
        UUID secondOtp = fixtures.otp(secondFlow);
        assertEquals(OtpStatusOutcome.UPDATED, db.api().verification().updateOtpStatus(secondOtp, OtpStatus.VERIFIED));
        long before = db.totalRows();

        MembershipCreation second = create(db, registration, registration.connection());
        MembershipCreation fromOtherDevice = db.api().memberships().create(secondFlow, otherConnection, secondOtp);

        assertEquals(MembershipCreationOutcome.MEMBERSHIP_ALREADY_EXISTS, second.outcome());
        assertEquals(first, second.membershipUniqueId().orElseThrow());
        assertEquals(MembershipStatus.ACTIVE, second.status().orElseThrow());
        assertEquals(MembershipCreationOutcome.MEMBERSHIP_ALREADY_EXISTS, fromOtherDevice.outcome());
        assertEquals(first, fromOtherDevice.membershipUniqueId().orElseThrow());
        assertEquals(before, db.totalRows());
        assertEquals(1, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));
    }

    @Test
    void anotherConnectionCannotUseTheFlowAndTheAttemptCountsAsAFailure(TestDatabase db) {
        VerifiedRegistration registration = new Fixtures(db).verifiedRegistration();

        MembershipCreation created = create(db, registration, registration.connection() + 1);

        assertEquals(MembershipCreationOutcome.VERIFICATION_FLOW_NOT_FOUND, created.outcome());
        assertEquals(0, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));
        assertEquals(1, db.count("MembershipAttempts", "\"PhoneNumberId\" = ? AND \"IsSuccess\" = ?", registration.phone(), false));

        MembershipCreation withoutConnection = db.api().memberships().create(registration.flow(), null, registration.otp());
        assertEquals(MembershipCreationOutcome.VERIFICATION_FLOW_NOT_FOUND, withoutConnection.outcome(), "no connection is another connection");
        assertEquals(2, attempts(db, registration.phone(), "verification_flow_not_found", false));
        assertEquals(0, db.count("Memberships", "\"PhoneNumberId\" = ?", registration.phone()));
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
        assertTrue(created.membershipUniqueId().isEmpty());
        assertEquals(1, attempts(db, phone, "flow_not_verified", false), "counted as a failure");
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
        assertArrayEquals(new byte[] {1, 2, 3}, storedKey(db, membership));

        assertEquals(SecureKeyOutcome.UPDATED, db.api().memberships().setSecureKey(membership, new byte[] {9, 9}).outcome());
        assertArrayEquals(new byte[] {9, 9}, storedKey(db, membership), "a new key replaces the old one");
    }

    private static byte[] storedKey(TestDatabase db, UUID membership) {
        return db.dsl().fetchOne("SELECT \"SecureKey\" FROM dbo.\"Memberships\" WHERE \"UniqueId\" = ?", membership)
                .get(0, byte[].class);
    }

    @Test
    void recoveryIsOfferedOnlyToAnActiveMembershipWithAKey(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        VerifiedRegistration withKey = fixtures.verifiedRegistration();
        UUID membership = create(db, withKey, withKey.connection()).membershipUniqueId().orElseThrow();
        db.api().memberships().setSecureKey(membership, new byte[] {9, 9});
        String member = withKey.phoneNumber();
        VerifiedRegistration withoutKey = fixtures.verifiedRegistration();
        create(db, withoutKey, withoutKey.connection());
        String noMembership = Phones.unique();
        UUID noMembershipPhone = fixtures.phone(noMembership, null);
        long before = db.totalRows();

        assertEquals(new RecoveryEligibility(RecoveryOutcome.ELIGIBLE_FOR_RECOVERY, Optional.of(withKey.phone())),
                db.api().memberships().checkRecovery(member));
        assertEquals(before, db.totalRows(), "checking writes nothing");
        assertEquals(new RecoveryEligibility(RecoveryOutcome.NO_SECURE_KEY, Optional.of(withoutKey.phone())),
                db.api().memberships().checkRecovery(withoutKey.phoneNumber()));
        assertEquals(new RecoveryEligibility(RecoveryOutcome.MEMBERSHIP_NOT_FOUND, Optional.of(noMembershipPhone)),
                db.api().memberships().checkRecovery(noMembership));
        assertEquals(new RecoveryEligibility(RecoveryOutcome.PHONE_NOT_FOUND, Optional.empty()),
                db.api().memberships().checkRecovery(Phones.unique()));
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'blocked' WHERE \"PhoneNumberId\" = "
                + "(SELECT p.\"UniqueId\" FROM dbo.\"PhoneNumbers\" p WHERE p.\"PhoneNumber\" = ?)", member);
        assertEquals(new RecoveryEligibility(RecoveryOutcome.MEMBERSHIP_BLOCKED, Optional.of(withKey.phone())),
                db.api().memberships().checkRecovery(member));
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
