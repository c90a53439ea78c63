package com.ecliptix.memberships.routines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.Tables;
import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.EnsurePhoneNumber;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.generated.routines.RegisterAppDeviceIfNotExists;
import com.ecliptix.memberships.generated.routines.UpdateMembershipSecureKey;
import com.ecliptix.memberships.generated.routines.UpdateOtpStatus;
import com.ecliptix.memberships.generated.tables.records.GetFullFlowStateRecord;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the state a routine test starts from, through the generated routine classes only (the way the
 * API calls them), and reads it back. Every step asserts its own outcome, so a broken step fails where it
 * happens rather than in the test that relies on it.
 */
final class RoutineFixtures {

    /** The default resend cooldown plus a second: backdating an OTP by this ends its cooldown. */
    static final Duration PAST_COOLDOWN = Duration.ofSeconds(DocumentedDefaults.of(Limit.RESEND_COOLDOWN) + 1);

    private RoutineFixtures() {
    }

    record Phone(UUID id, String number) {
    }

    /** A registered phone, its primary device, and a pending flow of theirs. */
    record Flow(UUID id, UUID device, Phone phone) {
    }

    /** A verified registration flow with its verified OTP: what CreateMembership needs. */
    record VerifiedFlow(Flow flow, UUID otp, Long connectionId) {
    }

    static UUID device(TestDatabase db) {
        RegisterAppDeviceIfNotExists call = new RegisterAppDeviceIfNotExists();
        call.setAppInstanceId(UUID.randomUUID());
        call.setDeviceId(UUID.randomUUID());
        call.setDeviceType(1);
        db.call(call);
        assertEquals("created", call.getOutcome());
        return call.getDeviceUniqueId();
    }

    static Phone phone(TestDatabase db, UUID device) {
        String number = Phones.unique();
        EnsurePhoneNumber call = new EnsurePhoneNumber();
        call.setPhoneNumber(number);
        call.setRegion("US");
        call.setAppDeviceId(device);
        db.call(call);
        assertEquals(device == null ? "created" : "created_and_associated", call.getOutcome());
        return new Phone(call.getPhoneNumberUniqueId(), number);
    }

    static InitiateVerificationFlow initiate(TestDatabase db, UUID device, UUID phone, String purpose, Long connectionId) {
        InitiateVerificationFlow call = new InitiateVerificationFlow();
        call.setAppDeviceId(device);
        call.setPhoneNumberUniqueId(phone);
        call.setPurpose(purpose);
        call.setConnectionId(connectionId);
        return db.call(call);
    }

    static UUID newFlow(TestDatabase db, UUID device, UUID phone, String purpose, Long connectionId) {
        InitiateVerificationFlow call = initiate(db, device, phone, purpose, connectionId);
        assertEquals("created", call.getOutcome());
        return call.getFlowUniqueId();
    }

    /** A new device, a new phone created with it, and a new pending flow of the given purpose. */
    static Flow flow(TestDatabase db, String purpose) {
        return flow(db, purpose, null);
    }

    static Flow flow(TestDatabase db, String purpose, Long connectionId) {
        UUID device = device(db);
        Phone phone = phone(db, device);
        return new Flow(newFlow(db, device, phone.id(), purpose, connectionId), device, phone);
    }

    static InsertOtpRecord insertOtp(TestDatabase db, UUID flow, Instant expiresAt) {
        InsertOtpRecord call = new InsertOtpRecord();
        call.setFlowUniqueId(flow);
        call.setOtpHash("hash-" + UUID.randomUUID());
        call.setOtpSalt("salt-" + UUID.randomUUID());
        call.setExpiresAt(expiresAt);
        return db.call(call);
    }

    /** A new OTP for the flow, after moving its earlier OTPs past the resend cooldown. */
    static UUID newOtp(TestDatabase db, UUID flow) {
        db.backdate("OtpRecords", "CreatedAt", PAST_COOLDOWN, "\"FlowUniqueId\" = ?", flow);
        InsertOtpRecord call = insertOtp(db, flow, Instant.now().plus(Duration.ofMinutes(2)));
        assertEquals("created", call.getOutcome());
        return call.getOtpUniqueId();
    }

    static UpdateOtpStatus updateOtp(TestDatabase db, UUID otp, String newStatus) {
        UpdateOtpStatus call = new UpdateOtpStatus();
        call.setOtpUniqueId(otp);
        call.setNewStatus(newStatus);
        return db.call(call);
    }

    static VerifiedFlow verifiedRegistration(TestDatabase db, Long connectionId) {
        Flow flow = flow(db, "registration", connectionId);
        return new VerifiedFlow(flow, verify(db, flow.id()), connectionId);
    }

    /** Issues an OTP for the flow and verifies it; returns the OTP. */
    static UUID verify(TestDatabase db, UUID flow) {
        UUID otp = newOtp(db, flow);
        assertEquals("updated", updateOtp(db, otp, "verified").getOutcome());
        return otp;
    }

    static CreateMembership createMembership(TestDatabase db, UUID flow, Long connectionId, UUID otp) {
        CreateMembership call = new CreateMembership();
        call.setFlowUniqueId(flow);
        call.setConnectionId(connectionId);
        call.setOtpUniqueId(otp);
        call.setCreationStatus("otp_verified");
        return db.call(call);
    }

    /** A registered phone with a new (inactive, keyless) membership. */
    record Member(Phone phone, UUID membership) {
    }

    static Member member(TestDatabase db) {
        VerifiedFlow verified = verifiedRegistration(db, 7L);
        CreateMembership call = createMembership(db, verified.flow().id(), 7L, verified.otp());
        assertEquals("created", call.getOutcome());
        return new Member(verified.flow().phone(), call.getMembershipUniqueId());
    }

    static UpdateMembershipSecureKey setSecureKey(TestDatabase db, UUID membership, byte[] key) {
        UpdateMembershipSecureKey call = new UpdateMembershipSecureKey();
        call.setMembershipUniqueId(membership);
        call.setSecureKey(key);
        return db.call(call);
    }

    /** A member whose secure key is set, so the membership is active and can log in. */
    static Member activeMember(TestDatabase db, byte[] key) {
        Member member = member(db);
        assertEquals("updated", setSecureKey(db, member.membership(), key).getOutcome());
        return member;
    }

    static LoginMembership login(TestDatabase db, String phoneNumber) {
        LoginMembership call = new LoginMembership();
        call.setPhoneNumber(phoneNumber);
        return db.call(call);
    }

    /** GetFullFlowState's one row for the flow, or none. */
    static Optional<GetFullFlowStateRecord> flowState(TestDatabase db, UUID flow) {
        return db.dsl().selectFrom(Tables.GET_FULL_FLOW_STATE(flow).as("f")).fetchOptional();
    }

    static GetFullFlowStateRecord state(TestDatabase db, UUID flow) {
        return flowState(db, flow).orElseThrow(() -> new AssertionError("GetFullFlowState found no row for " + flow));
    }

    static String flowStatus(TestDatabase db, UUID flow) {
        return db.queryString("SELECT \"Status\" FROM dbo.\"VerificationFlows\" WHERE \"UniqueId\" = ?", flow);
    }

    static String otpStatus(TestDatabase db, UUID otp) {
        return db.queryString("SELECT \"Status\" FROM dbo.\"OtpRecords\" WHERE \"UniqueId\" = ?", otp);
    }

    static boolean otpIsActive(TestDatabase db, UUID otp) {
        return db.count("OtpRecords", "\"UniqueId\" = ? AND \"IsActive\" = ?", otp, true) == 1;
    }

    /** Asserts that an instant lies within a tolerance of now plus an offset (database and JVM share a clock). */
    static void assertAbout(Duration fromNow, Instant actual) {
        Instant expected = Instant.now().plus(fromNow);
        long off = Math.abs(Duration.between(expected, actual).toSeconds());
        if (off > 30) {
            throw new AssertionError("expected about now + " + fromNow + " (" + expected + ") but was " + actual);
        }
    }
}
