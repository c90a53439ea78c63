package com.ecliptix.memberships.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One-time passwords, through the API: the rules of {@code OTP.MaxAttempts} (5 codes per flow, 5 failed
 * checks fail the flow) and {@code OTP.ResendCooldownSeconds} (30 seconds between two codes), also under
 * concurrent calls. Checking an entered code is in {@code OtpCodeCheckTest}.
 */
@DatabaseTest
class OtpRulesTest {

    private static final Duration COOLDOWN = Duration.ofSeconds(DocumentedDefaults.of(Limit.RESEND_COOLDOWN));
    private static final int MAX_OTPS = DocumentedDefaults.of(Limit.MAX_OTP_ATTEMPTS);

    @Test
    void aFlowGetsFiveCodesAndTheSixthFailsTheFlow(TestDatabase db) {
        UUID flow = newFlow(db);
        UUID fifth = issueMaxCodes(db, flow);

        assertEquals(ResendOutcome.MAX_OTP_ATTEMPTS_REACHED, db.api().verification().requestResend(flow).outcome());
        assertEquals(FlowStatus.FAILED, db.api().verification().flowState(flow).orElseThrow().status());
        assertEquals(5, db.api().verification().flowState(flow).orElseThrow().otpCount());
        assertFalse(isActive(db, fifth), "failing the flow ends its active code");
        assertEquals(ResendOutcome.FLOW_NOT_FOUND_OR_INVALID, db.api().verification().requestResend(flow).outcome());
        assertEquals(OtpIssueOutcome.FLOW_NOT_FOUND_OR_INVALID, issue(db, flow).outcome());
    }

    @Test
    void theSixthCodeIsRefusedByTheInsertItselfAndFailsTheFlow(TestDatabase db) {
        UUID flow = newFlow(db);
        UUID fifth = issueMaxCodes(db, flow);

        OtpIssue sixth = issue(db, flow);

        assertEquals(OtpIssueOutcome.MAX_OTP_ATTEMPTS_REACHED, sixth.outcome());
        assertTrue(sixth.otpUniqueId().isEmpty());
        assertEquals(FlowStatus.FAILED, db.api().verification().flowState(flow).orElseThrow().status());
        assertEquals(MAX_OTPS, db.count("OtpRecords", "\"FlowUniqueId\" = ?", flow));
        assertEquals("expired", status(db, fifth));
        assertFalse(isActive(db, fifth));
    }

    /** Issues the flow's {@code OTP.MaxAttempts} codes, each past the cooldown of the one before; returns the last. */
    private static UUID issueMaxCodes(TestDatabase db, UUID flow) {
        UUID last = null;
        for (int i = 0; i < MAX_OTPS; i++) {
            last = new Fixtures(db).otp(flow);
            pastCooldown(db, flow);
        }
        return last;
    }

    private static String status(TestDatabase db, UUID otp) {
        return db.queryString("SELECT \"Status\" FROM dbo.\"OtpRecords\" WHERE \"UniqueId\" = ?", otp);
    }

    private static boolean isActive(TestDatabase db, UUID otp) {
        return db.count("OtpRecords", "\"UniqueId\" = ? AND \"IsActive\" = ?", otp, true) == 1;
    }

    @Test
    void aResendWithinThirtySecondsIsRefusedWithTheSecondsToWait(TestDatabase db) {
        UUID flow = newFlow(db);
        UUID first = new Fixtures(db).otp(flow);
        long before = db.totalRows();

        ResendDecision decision = db.api().verification().requestResend(flow);
        OtpIssue issue = issue(db, flow);

        assertEquals(ResendOutcome.RESEND_COOLDOWN_ACTIVE, decision.outcome());
        Duration wait = decision.retryAfter().orElseThrow();
        assertTrue(!wait.isNegative() && wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(COOLDOWN) <= 0, "wait " + wait);
        assertEquals(OtpIssueOutcome.RESEND_COOLDOWN_ACTIVE, issue.outcome());
        assertTrue(issue.otpUniqueId().isEmpty());
        long issueWait = issue.retryAfter().orElseThrow().toSeconds();
        assertTrue(issueWait >= 29 && issueWait <= 30, "the refused issue says the seconds left: " + issueWait);
        assertEquals(before, db.totalRows(), "a refused issue writes nothing");
        assertTrue(isActive(db, first));
        assertEquals(1, db.api().verification().flowState(flow).orElseThrow().otpCount());

        db.backdate("OtpRecords", "CreatedAt", Duration.ofSeconds(10), "\"FlowUniqueId\" = ?", flow);
        long left = db.api().verification().requestResend(flow).retryAfter().orElseThrow().toSeconds();
        assertTrue(left >= 19 && left <= 20, "after 10 of 30 seconds, 20 s left (rounded up): " + left);
        db.backdate("OtpRecords", "CreatedAt", Duration.ofSeconds(10), "\"FlowUniqueId\" = ?", flow);
        Duration shorter = db.api().verification().requestResend(flow).retryAfter().orElseThrow();
        assertTrue(shorter.compareTo(Duration.ofSeconds(10)) <= 0, "after 20 of 30 seconds the wait is at most 10 s: " + shorter);

        pastCooldown(db, flow);
        ResendDecision allowed = db.api().verification().requestResend(flow);
        assertEquals(ResendOutcome.RESEND_ALLOWED, allowed.outcome());
        assertTrue(allowed.retryAfter().isEmpty());
    }

    @Test
    void theResendStepStoresTheNextCodeAndReplacesTheActiveOne(TestDatabase db) {
        UUID flow = newFlow(db);
        UUID first = new Fixtures(db).otp(flow);
        pastCooldown(db, flow);
        Fixtures.OtpSecret secret = Fixtures.hash("123456");

        OtpResend resend = db.api().verification().resendOtp(flow, secret.hash(), secret.salt(), Instant.now().plusSeconds(120));

        assertEquals(ResendOutcome.RESEND_ALLOWED, resend.outcome());
        UUID second = resend.otpUniqueId().orElseThrow();
        assertEquals(second, db.api().verification().flowState(flow).orElseThrow().activeOtp().orElseThrow().otpUniqueId());
        assertEquals(1, db.count("OtpRecords", "\"FlowUniqueId\" = ? AND \"IsActive\" = ?", flow, true));
        assertEquals(0, db.count("OtpRecords", "\"UniqueId\" = ? AND \"IsActive\" = ?", first, true));
    }

    @Test
    void parallelResendsWithinTheCooldownStoreOneCode(TestDatabase db) throws Exception {
        UUID flow = newFlow(db);
        new Fixtures(db).otp(flow);
        pastCooldown(db, flow);

        List<OtpIssue> issues = Concurrently.run(10, i -> issue(db, flow));

        assertEquals(1, issues.stream().filter(i -> i.outcome() == OtpIssueOutcome.CREATED).count());
        assertEquals(9, issues.stream().filter(i -> i.outcome() == OtpIssueOutcome.RESEND_COOLDOWN_ACTIVE).count());
        assertEquals(2, db.count("OtpRecords", "\"FlowUniqueId\" = ?", flow));
        assertEquals(2, db.api().verification().flowState(flow).orElseThrow().otpCount(), "the refused issues are not counted");
    }

    @Test
    void parallelFirstCodesOfAFreshFlowStoreOne(TestDatabase db) throws Exception {
        UUID flow = newFlow(db);

        List<OtpIssue> issues = Concurrently.run(10, i -> issue(db, flow));

        assertEquals(1, issues.stream().filter(i -> i.outcome() == OtpIssueOutcome.CREATED).count());
        assertEquals(9, issues.stream().filter(i -> i.outcome() == OtpIssueOutcome.RESEND_COOLDOWN_ACTIVE).count());
        assertEquals(1, db.count("OtpRecords", "\"FlowUniqueId\" = ?", flow));
        assertEquals(1, db.api().verification().flowState(flow).orElseThrow().otpCount());
    }

    @Test
    void tenParallelVerificationsOfOneCodeVerifyItOnce(TestDatabase db) throws Exception {
        UUID flow = newFlow(db);
        UUID otp = new Fixtures(db).otp(flow);

        List<OtpStatusOutcome> outcomes = Concurrently.run(10, i -> db.api().verification().updateOtpStatus(otp, OtpStatus.VERIFIED));

        assertEquals(1, outcomes.stream().filter(o -> o == OtpStatusOutcome.UPDATED).count(), outcomes.toString());
        assertEquals(FlowStatus.VERIFIED, db.api().verification().flowState(flow).orElseThrow().status());
    }

    @Test
    void failedChecksAreRecordedAndTheFifthFailsTheFlow(TestDatabase db) {
        UUID flow = newFlow(db);
        Fixtures fixtures = new Fixtures(db);
        for (int i = 1; i <= 4; i++) {
            UUID otp = fixtures.otp(flow);
            assertEquals(OtpStatusOutcome.UPDATED, db.api().verification().updateOtpStatus(otp, OtpStatus.FAILED), "check " + i);
            assertEquals(i, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow));
            assertEquals(1, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ? AND \"OtpUniqueId\" = ?", flow, otp));
            assertEquals("failed", status(db, otp));
            assertFalse(isActive(db, otp));
            assertEquals(FlowStatus.PENDING, db.api().verification().flowState(flow).orElseThrow().status(), "check " + i);
            pastCooldown(db, flow);
        }
        UUID last = fixtures.otp(flow);

        assertEquals(OtpStatusOutcome.MAX_FAILED_ATTEMPTS_REACHED, db.api().verification().updateOtpStatus(last, OtpStatus.FAILED));
        assertEquals(5, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow));
        assertEquals(FlowStatus.FAILED, db.api().verification().flowState(flow).orElseThrow().status());
    }

    @Test
    void aVerifiedCodeVerifiesItsFlowAndCannotChangeAgain(TestDatabase db) {
        UUID flow = newFlow(db);
        UUID otp = new Fixtures(db).otp(flow);

        Instant verifiedAt = Instant.now();

        assertEquals(OtpStatusOutcome.UPDATED, db.api().verification().updateOtpStatus(otp, OtpStatus.VERIFIED));

        FlowState state = db.api().verification().flowState(flow).orElseThrow();
        assertEquals(FlowStatus.VERIFIED, state.status());
        Duration usableFor = Duration.between(verifiedAt, state.expiresAt());
        assertTrue(usableFor.compareTo(Duration.ofHours(23)) > 0 && usableFor.compareTo(Duration.ofHours(25)) < 0, "usable for " + usableFor);
        assertEquals("verified", status(db, otp));
        assertFalse(isActive(db, otp));
        assertEquals(0, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow));
        assertEquals(OtpStatusOutcome.OTP_NOT_FOUND_OR_FLOW_INVALID, db.api().verification().updateOtpStatus(otp, OtpStatus.FAILED));
    }

    @Test
    void aCodeReplacedByANewerOneCanNoLongerBeVerified(TestDatabase db) {
        UUID flow = newFlow(db);
        UUID older = new Fixtures(db).otp(flow);
        pastCooldown(db, flow);
        UUID newer = new Fixtures(db).otp(flow);

        assertFalse(isActive(db, older));
        assertEquals("expired", status(db, older));
        assertTrue(isActive(db, newer));
        assertEquals(1, db.count("OtpRecords", "\"FlowUniqueId\" = ? AND \"IsActive\" = ?", flow, true));
        FlowState state = db.api().verification().flowState(flow).orElseThrow();
        assertEquals(2, state.otpCount());
        assertEquals(newer, state.activeOtp().orElseThrow().otpUniqueId());
        long before = db.totalRows();

        assertEquals(OtpStatusOutcome.INVALID_TRANSITION, db.api().verification().updateOtpStatus(older, OtpStatus.VERIFIED));
        assertEquals(FlowStatus.PENDING, db.api().verification().flowState(flow).orElseThrow().status());
        assertEquals(OtpStatusOutcome.INVALID_TRANSITION, db.api().verification().updateOtpStatus(older, OtpStatus.FAILED));
        assertEquals(before, db.totalRows(), "a refused change writes nothing");
        assertEquals(OtpStatusOutcome.UPDATED, db.api().verification().updateOtpStatus(newer, OtpStatus.VERIFIED));
    }

    @Test
    void anExpiredCodeCannotBeVerified(TestDatabase db) {
        UUID flow = newFlow(db);
        UUID otp = new Fixtures(db).otp(flow);
        db.backdate("OtpRecords", "ExpiresAt", Duration.ofMinutes(3), "\"UniqueId\" = ?", otp);

        assertEquals(OtpStatusOutcome.INVALID_TRANSITION, db.api().verification().updateOtpStatus(otp, OtpStatus.VERIFIED));
        assertEquals(FlowStatus.PENDING, db.api().verification().flowState(flow).orElseThrow().status());
        assertEquals(OtpStatusOutcome.UPDATED, db.api().verification().updateOtpStatus(otp, OtpStatus.FAILED), "but it can fail");
    }

    @Test
    void aCodeNeverOutlivesItsFlow(TestDatabase db) {
        UUID flow = newFlow(db);
        Instant flowExpiry = db.api().verification().flowState(flow).orElseThrow().expiresAt();
        Fixtures.OtpSecret secret = Fixtures.hash("000000");

        UUID otp = db.api().verification().issueOtp(flow, secret.hash(), secret.salt(), Instant.now().plus(Duration.ofHours(1)))
                .otpUniqueId().orElseThrow();

        Instant otpExpiry = db.api().verification().flowState(flow).orElseThrow().activeOtp().orElseThrow().expiresAt();
        assertEquals(flowExpiry, otpExpiry);
        Duration fromNow = Duration.between(Instant.now(), otpExpiry);
        assertTrue(fromNow.compareTo(Duration.ofMinutes(4)) > 0 && fromNow.compareTo(Duration.ofMinutes(6)) < 0,
                "capped at the flow's 5 minutes: " + fromNow);
        assertEquals(otp, db.api().verification().flowState(flow).orElseThrow().activeOtp().orElseThrow().otpUniqueId());
    }

    @Test
    void expiringAFlowsCodesCountsThemAndLeavesVerifiedCodesAlone(TestDatabase db) {
        UUID flow = newFlow(db);
        UUID otp = new Fixtures(db).otp(flow);

        OtpExpiry expiry = db.api().verification().expireOtps(flow);

        assertEquals(new OtpExpiry(OtpExpiryOutcome.EXPIRED, 1), expiry);
        assertTrue(db.api().verification().flowState(flow).orElseThrow().activeOtp().isEmpty());
        assertEquals("expired", status(db, otp));
        assertFalse(isActive(db, otp));
        assertEquals(FlowStatus.PENDING, db.api().verification().flowState(flow).orElseThrow().status(), "the flow stays pending");
        assertEquals(new OtpExpiry(OtpExpiryOutcome.EXPIRED, 0), db.api().verification().expireOtps(flow));
        assertEquals(OtpExpiryOutcome.FLOW_NOT_FOUND, db.api().verification().expireOtps(UUID.randomUUID()).outcome());

        UUID verifiedFlow = newFlow(db);
        UUID verified = new Fixtures(db).otp(verifiedFlow);
        assertEquals(OtpStatusOutcome.UPDATED, db.api().verification().updateOtpStatus(verified, OtpStatus.VERIFIED));
        assertEquals(new OtpExpiry(OtpExpiryOutcome.EXPIRED, 0), db.api().verification().expireOtps(verifiedFlow));
        assertEquals("verified", status(db, verified));
    }

    @Test
    void badCodesAreRejectedBeforeTheDatabaseAndWriteNothing(TestDatabase db) {
        UUID flow = newFlow(db);
        long before = db.totalRows();
        Instant later = Instant.now().plusSeconds(60);

        assertEquals("OtpHash", assertThrows(InvalidInputException.class,
                () -> db.api().verification().issueOtp(flow, "", "salt", later)).parameter());
        assertEquals("OtpSalt", assertThrows(InvalidInputException.class,
                () -> db.api().verification().issueOtp(flow, "hash", "x".repeat(256), later)).parameter());
        assertEquals("ExpiresAt", assertThrows(InvalidInputException.class,
                () -> db.api().verification().issueOtp(flow, "hash", "salt", null)).parameter());
        assertEquals("ExpiresAt", assertThrows(InvalidInputException.class,
                () -> db.api().verification().issueOtp(flow, "hash", "salt", Instant.now().minusSeconds(5))).parameter());
        assertEquals("NewStatus", assertThrows(InvalidInputException.class,
                () -> db.api().verification().updateOtpStatus(UUID.randomUUID(), null)).parameter());

        assertEquals(before, db.totalRows());
    }

    private static UUID newFlow(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        return db.api().verification().start(device, phone, Purpose.REGISTRATION, Fixtures.connection()).flowUniqueId().orElseThrow();
    }

    private static OtpIssue issue(TestDatabase db, UUID flow) {
        Fixtures.OtpSecret secret = Fixtures.hash("424242");
        return db.api().verification().issueOtp(flow, secret.hash(), secret.salt(), Instant.now().plusSeconds(120));
    }

    /** Moves the flow's OTPs back past the resend cooldown. */
    private static void pastCooldown(TestDatabase db, UUID flow) {
        db.backdate("OtpRecords", "CreatedAt", COOLDOWN.plusSeconds(1), "\"FlowUniqueId\" = ?", flow);
    }
}
