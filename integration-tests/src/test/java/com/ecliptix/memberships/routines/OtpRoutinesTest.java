package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.Routines.flowStatus;
import static com.ecliptix.memberships.routines.Routines.insertOtp;
import static com.ecliptix.memberships.routines.Routines.otpIsActive;
import static com.ecliptix.memberships.routines.Routines.otpStatus;
import static com.ecliptix.memberships.routines.Routines.state;
import static com.ecliptix.memberships.routines.Routines.updateOtp;
import static com.ecliptix.memberships.testing.Fixtures.PAST_COOLDOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.RequestResendOtp;
import com.ecliptix.memberships.generated.routines.UpdateOtpStatus;
import com.ecliptix.memberships.generated.routines.UpdateVerificationFlowStatus;
import com.ecliptix.memberships.generated.tables.records.GetFullFlowStateRecord;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Fixtures.Flow;
import com.ecliptix.memberships.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RequestResendOtp, InsertOtpRecord and UpdateOtpStatus called directly: their raw codes, the input the API
 * refuses before calling, and how OTPs are stored. The limits per flow (codes, cooldown, failed checks) are
 * tested once, through the API, in {@code verification.OtpRulesTest}.
 */
@DatabaseTest
class OtpRoutinesTest {

    private static RequestResendOtp resend(TestDatabase db, UUID flow) {
        RequestResendOtp call = new RequestResendOtp();
        call.setFlowUniqueId(flow);
        return db.call(call);
    }

    private static void setFlowStatus(TestDatabase db, UUID flow, String status) {
        UpdateVerificationFlowStatus call = new UpdateVerificationFlowStatus();
        call.setFlowUniqueId(flow);
        call.setNewStatus(status);
        assertEquals("updated", db.call(call).getOutcome());
    }

    private static Instant inTwoMinutes() {
        return Instant.now().plus(Duration.ofMinutes(2));
    }

    // ---------------------------------------------------------------- RequestResendOtp

    @Test
    void resendForAFreshFlowIsAllowedAndWritesNothing(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        long before = db.totalRows();

        RequestResendOtp call = resend(db, flow.id());

        assertEquals("resend_allowed", call.getOutcome());
        assertNull(call.getRetryAfterSeconds());
        assertEquals(before, db.totalRows());
    }

    @Test
    void resendForAFlowPastItsExpiryIsFlowExpiredAndExpiresTheFlowAndItsOtp(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        UUID otp = new Fixtures(db).otp(flow.id());
        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofMinutes(6), "\"UniqueId\" = ?", flow.id());

        RequestResendOtp call = resend(db, flow.id());

        assertEquals("flow_expired", call.getOutcome());
        assertNull(call.getRetryAfterSeconds());
        assertEquals("expired", flowStatus(db, flow.id()));
        assertEquals("expired", otpStatus(db, otp));
        assertFalse(otpIsActive(db, otp));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "null", "deleted", "verified", "failed", "expired"})
    void resendForAFlowThatIsNotLiveAndPendingIsFlowNotFoundOrInvalid(String which, TestDatabase db) {
        UUID flow = switch (which) {
            case "unknown" -> UUID.randomUUID();
            case "null" -> null;
            default -> new Fixtures(db).flow("login").id();
        };
        if (which.equals("deleted")) {
            db.update("UPDATE dbo.\"VerificationFlows\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, flow);
        } else if (flow != null && !which.equals("unknown")) {
            setFlowStatus(db, flow, which);
        }
        long before = db.totalRows();

        RequestResendOtp call = resend(db, flow);

        assertEquals("flow_not_found_or_invalid", call.getOutcome());
        assertNull(call.getRetryAfterSeconds());
        assertEquals(before, db.totalRows());
    }

    // ---------------------------------------------------------------- InsertOtpRecord

    static Stream<Arguments> invalidOtpInputs() {
        String tooLong = "h".repeat(256);
        Instant future = Instant.now().plus(Duration.ofMinutes(2));
        Instant past = Instant.now().minus(Duration.ofSeconds(1));
        return Stream.of(
                Arguments.of("no flow", false, "hash", "salt", future),
                Arguments.of("no hash", true, null, "salt", future),
                Arguments.of("empty hash", true, "", "salt", future),
                Arguments.of("hash over 255", true, tooLong, "salt", future),
                Arguments.of("no salt", true, "hash", null, future),
                Arguments.of("empty salt", true, "hash", "", future),
                Arguments.of("salt over 255", true, "hash", tooLong, future),
                Arguments.of("no expiry", true, "hash", "salt", null),
                Arguments.of("expiry in the past", true, "hash", "salt", past));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOtpInputs")
    void insertOtpWithBadInputIsInvalidInputAndWritesNothing(String name, boolean withFlow, String hash, String salt,
            Instant expiresAt, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        long before = db.totalRows();
        InsertOtpRecord call = new InsertOtpRecord();
        call.setFlowUniqueId(withFlow ? flow.id() : null);
        call.setOtpHash(hash);
        call.setOtpSalt(salt);
        call.setExpiresAt(expiresAt);

        db.call(call);

        assertEquals("invalid_input", call.getOutcome());
        assertNull(call.getOtpUniqueId());
        assertNull(call.getRetryAfterSeconds());
        assertEquals(before, db.totalRows());
        assertEquals((short) 0, state(db, flow.id()).getOtpCount());
    }

    @Test
    void insertOtpCreatesAPendingActiveOtpAndIncrementsOtpCount(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");

        InsertOtpRecord call = insertOtp(db, flow.id(), inTwoMinutes());

        assertEquals("created", call.getOutcome());
        assertNotNull(call.getOtpUniqueId());
        assertNull(call.getRetryAfterSeconds());
        GetFullFlowStateRecord state = state(db, flow.id());
        assertEquals((short) 1, state.getOtpCount());
        assertEquals(call.getOtpUniqueId(), state.getOtpUniqueId());
        assertEquals("pending", state.getOtpStatus());
        assertTrue(otpIsActive(db, call.getOtpUniqueId()));
    }

    @Test
    void insertOtpForAFlowPastItsExpiryMarksItExpiredAndIsFlowNotFoundOrInvalid(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        UUID otp = new Fixtures(db).otp(flow.id());
        db.backdate("OtpRecords", "CreatedAt", PAST_COOLDOWN, "\"FlowUniqueId\" = ?", flow.id());
        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofMinutes(6), "\"UniqueId\" = ?", flow.id());

        InsertOtpRecord call = insertOtp(db, flow.id(), inTwoMinutes());

        assertEquals("flow_not_found_or_invalid", call.getOutcome());
        assertEquals("expired", flowStatus(db, flow.id()));
        assertEquals("expired", otpStatus(db, otp));
        assertEquals(1, db.count("OtpRecords", "\"FlowUniqueId\" = ?", flow.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "deleted", "verified", "failed", "expired"})
    void insertOtpForAFlowThatIsNotLiveAndPendingIsFlowNotFoundOrInvalidAndWritesNothing(String which, TestDatabase db) {
        UUID flow = which.equals("unknown") ? UUID.randomUUID() : new Fixtures(db).flow("login").id();
        if (which.equals("deleted")) {
            db.update("UPDATE dbo.\"VerificationFlows\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, flow);
        } else if (!which.equals("unknown")) {
            setFlowStatus(db, flow, which);
        }
        long before = db.totalRows();

        InsertOtpRecord call = insertOtp(db, flow, inTwoMinutes());

        assertEquals("flow_not_found_or_invalid", call.getOutcome());
        assertNull(call.getOtpUniqueId());
        assertEquals(before, db.totalRows());
    }

    // ---------------------------------------------------------------- UpdateOtpStatus

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Verified", "used", "failed "})
    void updateOtpToAnUnknownStatusIsInvalidStatusAndWritesNothing(String status, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        UUID otp = new Fixtures(db).otp(flow.id());
        long before = db.totalRows();

        assertEquals("invalid_status", updateOtp(db, otp, status).getOutcome());

        assertEquals("pending", otpStatus(db, otp));
        assertEquals(before, db.totalRows());
    }

    @Test
    void anOtpCanBeExpired(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        UUID otp = new Fixtures(db).otp(flow.id());

        assertEquals("updated", updateOtp(db, otp, "expired").getOutcome());

        assertEquals("expired", otpStatus(db, otp));
        assertFalse(otpIsActive(db, otp));
        assertEquals("pending", flowStatus(db, flow.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "verified", "failed", "expired"})
    void anOtpThatIsNoLongerPendingCannotChangeAgain(String newStatus, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        UUID otp = new Fixtures(db).otp(flow.id());
        assertEquals("updated", updateOtp(db, otp, "expired").getOutcome());
        long before = db.totalRows();

        assertEquals("invalid_transition", updateOtp(db, otp, newStatus).getOutcome());

        assertEquals("expired", otpStatus(db, otp));
        assertEquals(before, db.totalRows());
    }

    @Test
    void aPendingOtpCannotBeSetToPending(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        UUID otp = new Fixtures(db).otp(flow.id());

        assertEquals("invalid_transition", updateOtp(db, otp, "pending").getOutcome());
        assertTrue(otpIsActive(db, otp));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "null", "deleted otp", "flow expired", "flow failed", "flow verified", "flow deleted"})
    void updateOtpWhoseOtpOrFlowIsNotUsableIsOtpNotFoundOrFlowInvalid(String which, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("registration");
        UUID otp = new Fixtures(db).otp(flow.id());
        switch (which) {
            case "unknown" -> otp = UUID.randomUUID();
            case "null" -> otp = null;
            case "deleted otp" -> db.update("UPDATE dbo.\"OtpRecords\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, otp);
            case "flow expired" -> db.backdate("VerificationFlows", "ExpiresAt", Duration.ofMinutes(6), "\"UniqueId\" = ?", flow.id());
            case "flow failed" -> setFlowStatus(db, flow.id(), "failed");
            case "flow verified" -> setFlowStatus(db, flow.id(), "verified");
            case "flow deleted" -> db.update("UPDATE dbo.\"VerificationFlows\" SET \"IsDeleted\" = ? WHERE \"UniqueId\" = ?", true, flow.id());
            default -> throw new IllegalArgumentException(which);
        }
        long before = db.totalRows();

        assertEquals("otp_not_found_or_flow_invalid", updateOtp(db, otp, "verified").getOutcome());
        assertEquals(before, db.totalRows());
    }

    // ---------------------------------------------------------------- storage

    @Test
    void theOtpCodeIsNeverStoredOnlyItsHashAndSalt(TestDatabase db) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = db.ownerDataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'dbo'")) {
            while (rs.next()) {
                columns.add(rs.getString(1) + "." + rs.getString(2));
            }
        }

        assertTrue(columns.contains("OtpRecords.OtpHash"), columns.toString());
        assertTrue(columns.contains("OtpRecords.OtpSalt"), columns.toString());
        assertEquals(List.of(), columns.stream().filter(c -> c.toLowerCase().contains("code")).toList(),
                "columns that could hold an OTP code");
        assertEquals(List.of("OtpRecords.OtpHash", "OtpRecords.OtpSalt"), columns.stream()
                .filter(c -> c.startsWith("OtpRecords."))
                .filter(c -> !List.of("Id", "FlowUniqueId", "PhoneNumberId", "ExpiresAt", "Status", "IsActive", "IsDeleted",
                        "UniqueId", "CreatedAt", "UpdatedAt").contains(c.substring("OtpRecords.".length())))
                .sorted().toList(), "OtpRecords columns beyond the contract's");
    }
}
