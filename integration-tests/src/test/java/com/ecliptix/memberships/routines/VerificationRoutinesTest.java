package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.Routines.assertAbout;
import static com.ecliptix.memberships.routines.Routines.flowState;
import static com.ecliptix.memberships.routines.Routines.flowStatus;
import static com.ecliptix.memberships.routines.Routines.initiate;
import static com.ecliptix.memberships.routines.Routines.otpIsActive;
import static com.ecliptix.memberships.routines.Routines.otpStatus;
import static com.ecliptix.memberships.routines.Routines.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.generated.routines.ExpireAssociatedOtp;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.UpdateVerificationFlowStatus;
import com.ecliptix.memberships.generated.tables.records.GetFullFlowStateRecord;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Fixtures.Flow;
import com.ecliptix.memberships.testing.Fixtures.Phone;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * InitiateVerificationFlow, UpdateVerificationFlowStatus, ExpireAssociatedOtp and GetFullFlowState called
 * directly: their raw codes and the input the API refuses before calling. The flow rules themselves (the
 * hourly limit, the lifetimes) are tested once, through the API, in {@code verification.VerificationFlowRulesTest}.
 */
@DatabaseTest
class VerificationRoutinesTest {

    // ---------------------------------------------------------------- InitiateVerificationFlow

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Registration", "signup", "registration "})
    void initiateWithAnUnknownPurposeIsInvalidPurposeAndWritesNothing(String purpose, TestDatabase db) {
        UUID device = new Fixtures(db).device();
        Phone phone = new Fixtures(db).phone(device);
        long before = db.totalRows();

        InitiateVerificationFlow call = initiate(db, device, phone.id(), purpose, 1L);

        assertEquals("invalid_purpose", call.getOutcome());
        assertNull(call.getFlowUniqueId());
        assertEquals(before, db.totalRows());
    }

    @Test
    void initiateForAnUnknownOrMissingPhoneIsPhoneNotFoundAndWritesNothing(TestDatabase db) {
        UUID device = new Fixtures(db).device();
        long before = db.totalRows();

        InitiateVerificationFlow unknown = initiate(db, device, UUID.randomUUID(), "registration", null);
        InitiateVerificationFlow missing = initiate(db, device, null, "registration", null);

        assertEquals("phone_not_found", unknown.getOutcome());
        assertEquals("phone_not_found", missing.getOutcome());
        assertNull(unknown.getFlowUniqueId());
        assertEquals(before, db.totalRows());
    }

    @Test
    void initiateForADeletedPhoneIsPhoneNotFound(TestDatabase db) {
        UUID device = new Fixtures(db).device();
        Phone phone = new Fixtures(db).phone(device);
        db.update("UPDATE dbo.\"PhoneNumbers\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, phone.id());

        assertEquals("phone_not_found", initiate(db, device, phone.id(), "login", null).getOutcome());
    }

    @Test
    void initiateForAnUnknownOrMissingDeviceIsDeviceNotFoundAndWritesNothing(TestDatabase db) {
        Phone phone = new Fixtures(db).phone(new Fixtures(db).device());
        long before = db.totalRows();

        InitiateVerificationFlow unknown = initiate(db, UUID.randomUUID(), phone.id(), "registration", null);
        InitiateVerificationFlow missing = initiate(db, null, phone.id(), "registration", null);

        assertEquals("device_not_found", unknown.getOutcome());
        assertEquals("device_not_found", missing.getOutcome());
        assertEquals(before, db.totalRows());
    }

    @Test
    void initiateChecksThePurposeFirstThenThePhoneThenTheDevice(TestDatabase db) {
        long before = db.totalRows();

        assertEquals("invalid_purpose", initiate(db, UUID.randomUUID(), UUID.randomUUID(), "nope", null).getOutcome());
        assertEquals("phone_not_found", initiate(db, UUID.randomUUID(), UUID.randomUUID(), "login", null).getOutcome());
        assertEquals(before, db.totalRows());
    }

    // ---------------------------------------------------------------- UpdateVerificationFlowStatus

    private static UpdateVerificationFlowStatus updateFlow(TestDatabase db, UUID flow, String newStatus) {
        UpdateVerificationFlowStatus call = new UpdateVerificationFlowStatus();
        call.setFlowUniqueId(flow);
        call.setNewStatus(newStatus);
        return db.call(call);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Verified", "done", "verified "})
    void updateFlowToAnUnknownStatusIsInvalidStatusAndWritesNothing(String status, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("login");
        long before = db.totalRows();

        assertEquals("invalid_status", updateFlow(db, flow.id(), status).getOutcome());
        assertEquals("pending", flowStatus(db, flow.id()));
        assertEquals(before, db.totalRows());
    }

    @Test
    void updateOfAnUnknownMissingOrDeletedFlowIsFlowNotFound(TestDatabase db) {
        Flow deleted = new Fixtures(db).flow("login");
        db.update("UPDATE dbo.\"VerificationFlows\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, deleted.id());

        assertEquals("flow_not_found", updateFlow(db, UUID.randomUUID(), "expired").getOutcome());
        assertEquals("flow_not_found", updateFlow(db, null, "expired").getOutcome());
        assertEquals("flow_not_found", updateFlow(db, deleted.id(), "expired").getOutcome());
        assertEquals("pending", flowStatus(db, deleted.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"expired", "failed"})
    void aPendingFlowThatExpiresOrFailsExpiresItsActiveOtp(String status, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("login");
        UUID otp = new Fixtures(db).otp(flow.id());

        assertEquals("updated", updateFlow(db, flow.id(), status).getOutcome());

        assertEquals(status, flowStatus(db, flow.id()));
        assertEquals("expired", otpStatus(db, otp));
        assertFalse(otpIsActive(db, otp));
    }

    @Test
    void aVerifiedRegistrationCanExpire(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("login");
        updateFlow(db, flow.id(), "verified");

        assertEquals("updated", updateFlow(db, flow.id(), "expired").getOutcome());
        assertEquals("expired", flowStatus(db, flow.id()));
    }

    @ParameterizedTest
    @CsvSource({
        "pending,  pending",
        "verified, verified",
        "verified, failed",
        "verified, pending",
        "expired,  pending",
        "expired,  verified",
        "expired,  failed",
        "expired,  expired",
        "failed,   pending",
        "failed,   verified",
        "failed,   expired",
        "failed,   failed",
    })
    void everyOtherFlowTransitionIsInvalidTransitionAndChangesNothing(String from, String to, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("login");
        if (!from.equals("pending")) {
            assertEquals("updated", updateFlow(db, flow.id(), from).getOutcome());
        }
        long before = db.totalRows();

        assertEquals("invalid_transition", updateFlow(db, flow.id(), to).getOutcome());

        assertEquals(from, flowStatus(db, flow.id()));
        assertEquals(before, db.totalRows());
    }

    // ---------------------------------------------------------------- ExpireAssociatedOtp

    private static ExpireAssociatedOtp expireOtps(TestDatabase db, UUID flow) {
        ExpireAssociatedOtp call = new ExpireAssociatedOtp();
        call.setFlowUniqueId(flow);
        return db.call(call);
    }

    @Test
    void expireAssociatedOtpOfAnUnknownFlowIsFlowNotFound(TestDatabase db) {
        long before = db.totalRows();

        ExpireAssociatedOtp unknown = expireOtps(db, UUID.randomUUID());
        ExpireAssociatedOtp missing = expireOtps(db, null);

        assertEquals("flow_not_found", unknown.getOutcome());
        assertNull(unknown.getExpiredCount());
        assertEquals("flow_not_found", missing.getOutcome());
        assertEquals(before, db.totalRows());
    }

    // ---------------------------------------------------------------- GetFullFlowState

    @Test
    void getFullFlowStateHasNoRowForAnUnknownOrDeletedFlow(TestDatabase db) {
        Flow deleted = new Fixtures(db).flow("login");
        db.update("UPDATE dbo.\"VerificationFlows\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, deleted.id());

        assertTrue(flowState(db, UUID.randomUUID()).isEmpty());
        assertTrue(flowState(db, deleted.id()).isEmpty());
    }

    @Test
    void getFullFlowStateShowsTheActiveUnexpiredOtpOrNulls(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration", 9L);

        GetFullFlowStateRecord withoutOtp = state(db, flow.id());
        UUID first = new Fixtures(db).otp(flow.id());
        UUID second = new Fixtures(db).otp(flow.id());
        GetFullFlowStateRecord withOtp = state(db, flow.id());
        db.backdate("OtpRecords", "ExpiresAt", Duration.ofMinutes(3), "\"UniqueId\" = ?", second);
        GetFullFlowStateRecord otpExpired = state(db, flow.id());

        assertEquals(flow.id(), withoutOtp.getUniqueId());
        assertNull(withoutOtp.getOtpUniqueId());
        assertNull(withoutOtp.getOtpExpiresAt());
        assertNull(withoutOtp.getOtpStatus());

        assertNotEquals(first, second);
        assertEquals(second, withOtp.getOtpUniqueId());
        assertEquals("pending", withOtp.getOtpStatus());
        assertAbout(Duration.ofMinutes(2), withOtp.getOtpExpiresAt());
        assertEquals((short) 2, withOtp.getOtpCount());

        assertNull(otpExpired.getOtpUniqueId());
        assertNull(otpExpired.getOtpStatus());
        assertEquals("pending", otpExpired.getStatus());
    }
}
