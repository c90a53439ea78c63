package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.Routines.createMembership;
import static com.ecliptix.memberships.routines.Routines.setSecureKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.LogMembershipAttempt;
import com.ecliptix.memberships.generated.routines.UpdateMembershipSecureKey;
import com.ecliptix.memberships.generated.routines.UpdateVerificationFlowStatus;
import com.ecliptix.memberships.generated.routines.VerifyPhoneForSecretKeyRecovery;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Fixtures.Flow;
import com.ecliptix.memberships.testing.Fixtures.Member;
import com.ecliptix.memberships.testing.Fixtures.Phone;
import com.ecliptix.memberships.testing.Fixtures.VerifiedRegistration;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CreateMembership, UpdateMembershipSecureKey, VerifyPhoneForSecretKeyRecovery and LogMembershipAttempt
 * called directly: their raw codes and the input the API refuses before calling. The hourly limit of
 * failed creations is tested once, through the API, in {@code membership.MembershipCreationRulesTest}.
 */
@DatabaseTest
class MembershipRoutinesTest {

    private static final byte[] KEY = {1, 2, 3, 4, 5, 6, 7, 8};

    private static long attempts(TestDatabase db, Phone phone) {
        return db.count("MembershipAttempts", "\"PhoneNumberId\" = ?", phone.id());
    }

    private static long attempts(TestDatabase db, Phone phone, String outcome, boolean success) {
        return db.count("MembershipAttempts", "\"PhoneNumberId\" = ? AND \"Outcome\" = ? AND \"IsSuccess\" = ?",
                phone.id(), outcome, success);
    }

    private static void setFlowStatus(TestDatabase db, UUID flow, String status) {
        UpdateVerificationFlowStatus call = new UpdateVerificationFlowStatus();
        call.setFlowUniqueId(flow);
        call.setNewStatus(status);
        assertEquals("updated", db.call(call).getOutcome());
    }

    // ---------------------------------------------------------------- CreateMembership

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "secure_key_set", "passphrase_set", "OTP_VERIFIED", "otp_verified "})
    void createWithAnotherCreationStatusIsInvalidCreationStatusAndWritesNothing(String creationStatus, TestDatabase db) {
        VerifiedRegistration verified = new Fixtures(db).verifiedRegistration(1L);
        long before = db.totalRows();
        CreateMembership call = new CreateMembership();
        call.setFlowUniqueId(verified.flow());
        call.setConnectionId(1L);
        call.setOtpUniqueId(verified.otp());
        call.setCreationStatus(creationStatus);

        db.call(call);

        assertEquals("invalid_creation_status", call.getOutcome());
        assertNull(call.getMembershipUniqueId());
        assertNull(call.getStatus());
        assertNull(call.getRetryAfterSeconds());
        assertEquals(before, db.totalRows());
    }

    @Test
    void theCreationStatusIsCheckedBeforeTheFlow(TestDatabase db) {
        long before = db.totalRows();
        CreateMembership call = new CreateMembership();
        call.setFlowUniqueId(UUID.randomUUID());
        call.setCreationStatus("secure_key_set");

        db.call(call);

        assertEquals("invalid_creation_status", call.getOutcome());
        assertEquals(before, db.totalRows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "null", "login purpose", "expired", "failed", "past its expiry", "deleted"})
    void createForAFlowThatIsNotALiveRegistrationIsVerificationFlowNotFoundAndLogsNothing(String which, TestDatabase db) {
        VerifiedRegistration verified = new Fixtures(db).verifiedRegistration(3L);
        UUID flow = verified.flow();
        UUID otp = verified.otp();
        switch (which) {
            case "unknown" -> flow = UUID.randomUUID();
            case "null" -> flow = null;
            case "login purpose" -> {
                Flow login = new Fixtures(db).flow("login", 3L);
                flow = login.id();
                otp = new Fixtures(db).verify(login.id());
            }
            case "expired" -> setFlowStatus(db, flow, "expired");
            case "failed" -> {
                Flow pending = new Fixtures(db).flow("registration", 3L);
                setFlowStatus(db, pending.id(), "failed");
                flow = pending.id();
            }
            case "past its expiry" -> db.backdate("VerificationFlows", "ExpiresAt", Duration.ofHours(25), "\"UniqueId\" = ?", flow);
            case "deleted" -> db.update("UPDATE dbo.\"VerificationFlows\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, flow);
            default -> throw new IllegalArgumentException(which);
        }
        long before = db.totalRows();

        CreateMembership call = createMembership(db, flow, 3L, otp);

        assertEquals("verification_flow_not_found", call.getOutcome());
        assertNull(call.getMembershipUniqueId());
        assertEquals(before, db.totalRows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "null", "another flow's verified otp", "a failed otp of the flow"})
    void createWithAnOtpThatIsNotTheFlowsVerifiedOtpIsFlowNotVerified(String which, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration", 4L);
        UUID failed = new Fixtures(db).otp(flow.id());
        Routines.updateOtp(db, failed, "failed");
        new Fixtures(db).verify(flow.id());
        UUID otp = switch (which) {
            case "unknown" -> UUID.randomUUID();
            case "null" -> null;
            case "another flow's verified otp" -> new Fixtures(db).verifiedRegistration(4L).otp();
            case "a failed otp of the flow" -> failed;
            default -> throw new IllegalArgumentException(which);
        };

        CreateMembership call = createMembership(db, flow.id(), 4L, otp);

        assertEquals("flow_not_verified", call.getOutcome());
        assertEquals(1, attempts(db, flow.phone(), "flow_not_verified", false));
        assertEquals(0, db.count("Memberships", "\"PhoneNumberId\" = ?", flow.phone().id()));
    }

    // ---------------------------------------------------------------- UpdateMembershipSecureKey

    @ParameterizedTest
    @ValueSource(ints = {-1, 0})
    void aMissingOrEmptyKeyIsInvalidSecureKeyAndWritesNothing(int length, TestDatabase db) {
        Member member = new Fixtures(db).membership();
        long before = db.totalRows();

        UpdateMembershipSecureKey call = setSecureKey(db, member.membership(), length < 0 ? null : new byte[length]);

        assertEquals("invalid_secure_key", call.getOutcome());
        assertNull(call.getStatus());
        assertNull(call.getCreationStatus());
        assertEquals(before, db.totalRows());
        assertEquals(1, db.count("Memberships", "\"UniqueId\" = ? AND \"SecureKey\" IS NULL AND \"Status\" = 'inactive'",
                member.membership()));
    }

    @Test
    void theKeyIsCheckedBeforeTheMembership(TestDatabase db) {
        assertEquals("invalid_secure_key", setSecureKey(db, UUID.randomUUID(), new byte[0]).getOutcome());
    }

    @Test
    void anUnknownOrDeletedMembershipIsMembershipNotFound(TestDatabase db) {
        Member deleted = new Fixtures(db).membership();
        db.update("UPDATE dbo.\"Memberships\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, deleted.membership());
        long before = db.totalRows();

        assertEquals("membership_not_found", setSecureKey(db, UUID.randomUUID(), KEY).getOutcome());
        assertEquals("membership_not_found", setSecureKey(db, null, KEY).getOutcome());
        assertEquals("membership_not_found", setSecureKey(db, deleted.membership(), KEY).getOutcome());
        assertEquals(before, db.totalRows());
        assertEquals(1, db.count("Memberships", "\"UniqueId\" = ? AND \"SecureKey\" IS NULL", deleted.membership()));
    }

    @Test
    void aBlockedMembershipKeepsItsKeyAndStaysBlocked(TestDatabase db) {
        Member member = new Fixtures(db).membership();
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'blocked' WHERE \"UniqueId\" = ?", member.membership());

        UpdateMembershipSecureKey call = setSecureKey(db, member.membership(), KEY);

        assertEquals("membership_blocked", call.getOutcome());
        assertEquals("blocked", call.getStatus());
        assertEquals("otp_verified", call.getCreationStatus());
        assertEquals(1, db.count("Memberships", "\"UniqueId\" = ? AND \"SecureKey\" IS NULL AND \"Status\" = 'blocked'",
                member.membership()));
    }

    // ---------------------------------------------------------------- VerifyPhoneForSecretKeyRecovery

    private static VerifyPhoneForSecretKeyRecovery recovery(TestDatabase db, String number) {
        VerifyPhoneForSecretKeyRecovery call = new VerifyPhoneForSecretKeyRecovery();
        call.setPhoneNumber(number);
        return db.call(call);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "14155550100", "+04155550100", "+1415", "+1 415 555 0100", "+1415555010 "})
    void recoveryForAMalformedNumberIsInvalidPhoneNumberAndWritesNothing(String number, TestDatabase db) {
        long before = db.totalRows();

        VerifyPhoneForSecretKeyRecovery call = recovery(db, number);

        assertEquals("invalid_phone_number", call.getOutcome());
        assertNull(call.getPhoneNumberUniqueId());
        assertEquals(before, db.totalRows());
    }

    // ---------------------------------------------------------------- LogMembershipAttempt

    private static LogMembershipAttempt logAttempt(TestDatabase db, UUID phone, String outcome, Boolean success) {
        LogMembershipAttempt call = new LogMembershipAttempt();
        call.setPhoneNumberUniqueId(phone);
        call.setOutcome(outcome);
        call.setIsSuccess(success);
        return db.call(call);
    }

    @Test
    void anAttemptForAKnownPhoneIsLogged(TestDatabase db) {
        Phone phone = new Fixtures(db).phone(null);

        LogMembershipAttempt call = logAttempt(db, phone.id(), "flow_not_verified", false);

        assertEquals("logged", call.getResult());
        assertEquals(1, attempts(db, phone, "flow_not_verified", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown phone", "no phone", "deleted phone", "no outcome", "empty outcome", "outcome over 50", "no success flag"})
    void anAttemptWithBadInputIsInvalidInputAndWritesNothing(String which, TestDatabase db) {
        Phone phone = new Fixtures(db).phone(null);
        UUID id = phone.id();
        String outcome = "created";
        Boolean success = true;
        switch (which) {
            case "unknown phone" -> id = UUID.randomUUID();
            case "no phone" -> id = null;
            case "deleted phone" -> db.update("UPDATE dbo.\"PhoneNumbers\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, id);
            case "no outcome" -> outcome = null;
            case "empty outcome" -> outcome = "";
            case "outcome over 50" -> outcome = "x".repeat(51);
            case "no success flag" -> success = null;
            default -> throw new IllegalArgumentException(which);
        }
        long before = db.totalRows();

        LogMembershipAttempt call = logAttempt(db, id, outcome, success);

        assertEquals("invalid_input", call.getResult());
        assertEquals(before, db.totalRows());
        assertEquals(0, attempts(db, phone));
    }

}
