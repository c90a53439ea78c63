package com.ecliptix.memberships.routines;

import com.ecliptix.memberships.generated.Tables;
import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.generated.routines.UpdateMembershipSecureKey;
import com.ecliptix.memberships.generated.routines.UpdateOtpStatus;
import com.ecliptix.memberships.generated.tables.records.GetFullFlowStateRecord;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The routine tests' own calls of the generated routine classes, past the API's checks (what a test is
 * about), and the reads of what the routines wrote. The states those tests start from are
 * {@link com.ecliptix.memberships.testing.Fixtures}'s, shared with the API's tests.
 */
final class Routines {

    static InitiateVerificationFlow initiate(TestDatabase db, UUID device, UUID phone, String purpose, Long connectionId) {
        InitiateVerificationFlow call = new InitiateVerificationFlow();
        call.setAppDeviceId(device);
        call.setPhoneNumberUniqueId(phone);
        call.setPurpose(purpose);
        call.setConnectionId(connectionId);
        return db.call(call);
    }

    static InsertOtpRecord insertOtp(TestDatabase db, UUID flow, Instant expiresAt) {
        InsertOtpRecord call = new InsertOtpRecord();
        call.setFlowUniqueId(flow);
        call.setOtpHash("hash-" + UUID.randomUUID());
        call.setOtpSalt("salt-" + UUID.randomUUID());
        call.setExpiresAt(expiresAt);
        return db.call(call);
    }

    static UpdateOtpStatus updateOtp(TestDatabase db, UUID otp, String newStatus) {
        UpdateOtpStatus call = new UpdateOtpStatus();
        call.setOtpUniqueId(otp);
        call.setNewStatus(newStatus);
        return db.call(call);
    }

    static CreateMembership createMembership(TestDatabase db, UUID flow, Long connectionId, UUID otp) {
        CreateMembership call = new CreateMembership();
        call.setFlowUniqueId(flow);
        call.setConnectionId(connectionId);
        call.setOtpUniqueId(otp);
        call.setCreationStatus("otp_verified");
        return db.call(call);
    }

    static UpdateMembershipSecureKey setSecureKey(TestDatabase db, UUID membership, byte[] key) {
        UpdateMembershipSecureKey call = new UpdateMembershipSecureKey();
        call.setMembershipUniqueId(membership);
        call.setSecureKey(key);
        return db.call(call);
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
