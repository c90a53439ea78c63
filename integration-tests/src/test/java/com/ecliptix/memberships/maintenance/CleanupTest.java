package com.ecliptix.memberships.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.ConfigUpdateOutcome;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.routines.CleanupExpiredData;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.login.LoginResult;
import com.ecliptix.memberships.session.SessionOpening;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Fixtures.Member;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.FlowStatus;
import com.ecliptix.memberships.verification.FlowStatusOutcome;
import com.ecliptix.memberships.verification.OtpStatus;
import com.ecliptix.memberships.verification.Purpose;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The retention cleanup deletes only what is past its retention ({@code Retention.AttemptLogDays},
 * {@code Retention.EventLogDays}, {@code Retention.EndedFlowDays}, {@code Retention.EndedContextDays}), in
 * batches, children first, and never a row that a limit, a live flow, a membership or an active session
 * still needs. Every test that leaves expired rows
 * behind cleans them up, so each test knows exactly what is expired when it starts.
 */
@DatabaseTest
class CleanupTest {

    private static final Duration DAY = Duration.ofDays(1);

    private static Duration days(Limit retention, int more) {
        return Duration.ofDays(DocumentedDefaults.of(retention) + more);
    }

    /** A flow that ended (expired) with one OTP and one failed check of it: three rows. */
    private static UUID endedFlowWithOtp(TestDatabase db, Fixtures fixtures) {
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        UUID flow = db.api().verification().start(device, phone, Purpose.LOGIN, null).flowUniqueId().orElseThrow();
        UUID otp = fixtures.otp(flow);
        db.api().verification().updateOtpStatus(otp, OtpStatus.FAILED);
        assertEquals(FlowStatusOutcome.UPDATED, db.api().verification().updateFlowStatus(flow, FlowStatus.EXPIRED));
        assertEquals(1, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow));
        return flow;
    }

    private static long flowRows(TestDatabase db, UUID flow) {
        return db.count("VerificationFlows", "\"UniqueId\" = ?", flow) + db.count("OtpRecords", "\"FlowUniqueId\" = ?", flow)
                + db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow);
    }

    private static void backdateFlow(TestDatabase db, UUID flow, Duration by) {
        db.backdate("VerificationFlows", "CreatedAt", by, "\"UniqueId\" = ?", flow);
        db.backdate("VerificationFlows", "ExpiresAt", by, "\"UniqueId\" = ?", flow);
    }

    @Test
    void deletesOnlyWhatIsPastItsRetention(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        String oldLogins = Phones.unique();
        String recentLogins = Phones.unique();
        for (String phone : List.of(oldLogins, oldLogins, recentLogins)) {
            db.api().logins().logAttempt(phone, "passphrase_mismatch", false);
        }
        db.backdate("LoginAttempts", "CreatedAt", days(Limit.ATTEMPT_LOG_RETENTION, 1), "\"PhoneNumber\" = ?", oldLogins);
        db.backdate("LoginAttempts", "CreatedAt", days(Limit.ATTEMPT_LOG_RETENTION, -1), "\"PhoneNumber\" = ?", recentLogins);

        UUID device = fixtures.device();
        UUID oldPhone = fixtures.phone(Phones.unique(), device);
        UUID recentPhone = fixtures.phone(Phones.unique(), device);
        db.api().memberships().logAttempt(oldPhone, "test_failure", false);
        db.api().memberships().logAttempt(recentPhone, "test_failure", false);
        db.backdate("MembershipAttempts", "CreatedAt", days(Limit.ATTEMPT_LOG_RETENTION, 1), "\"PhoneNumberId\" = ?", oldPhone);
        db.backdate("MembershipAttempts", "CreatedAt", days(Limit.ATTEMPT_LOG_RETENTION, -1), "\"PhoneNumberId\" = ?", recentPhone);

        db.operatorApi().configuration().set("Test.Cleanup.OldEvent", "x");
        db.operatorApi().configuration().set("Test.Cleanup.RecentEvent", "x");
        db.backdate("EventLog", "CreatedAt", days(Limit.EVENT_LOG_RETENTION, 1), "\"Message\" LIKE ?", "%Test.Cleanup.OldEvent%");
        db.backdate("EventLog", "CreatedAt", days(Limit.EVENT_LOG_RETENTION, -1), "\"Message\" LIKE ?", "%Test.Cleanup.RecentEvent%");

        Member member = fixtures.activeMembership(new byte[] {1});
        UUID longEnded = openSession(db, member);
        UUID recentlyEnded = openSession(db, member);
        UUID active = openSession(db, member);
        db.api().sessions().end(longEnded);
        db.api().sessions().end(recentlyEnded);
        db.backdate("AuthenticationContexts", "UpdatedAt", days(Limit.ENDED_SESSION_RETENTION, 1), "\"UniqueId\" = ?", longEnded);
        db.backdate("AuthenticationContexts", "UpdatedAt", days(Limit.ENDED_SESSION_RETENTION, -1), "\"UniqueId\" = ?", recentlyEnded);
        db.backdate("AuthenticationContexts", "CreatedAt", Duration.ofDays(365), "\"UniqueId\" = ?", active);
        db.backdate("AuthenticationContexts", "UpdatedAt", Duration.ofDays(365), "\"UniqueId\" = ?", active);

        UUID oldFlow = endedFlowWithOtp(db, fixtures);
        UUID recentFlow = endedFlowWithOtp(db, fixtures);
        backdateFlow(db, oldFlow, days(Limit.ENDED_FLOW_RETENTION, 1));
        backdateFlow(db, recentFlow, days(Limit.ENDED_FLOW_RETENTION, -1));
        UUID pendingFlow = db.api().verification().start(device, oldPhone, Purpose.LOGIN, null).flowUniqueId().orElseThrow();
        backdateFlow(db, pendingFlow, days(Limit.ENDED_FLOW_RETENTION, 1));
        UUID membershipFlow = UUID.fromString(db.queryString(
                "SELECT \"VerificationFlowId\" FROM dbo.\"Memberships\" WHERE \"UniqueId\" = ?", member.membership()));
        backdateFlow(db, membershipFlow, days(Limit.ENDED_FLOW_RETENTION, 1));
        long membershipFlowRows = flowRows(db, membershipFlow);

        CleanupReport report = db.operatorApi().maintenance().cleanup();

        assertEquals(2 + 1 + 1 + 1 + 3, report.totalDeleted(), report.toString());
        assertEquals(0, db.count("LoginAttempts", "\"PhoneNumber\" = ?", oldLogins));
        assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ?", recentLogins));
        assertEquals(0, db.count("MembershipAttempts", "\"PhoneNumberId\" = ?", oldPhone));
        assertEquals(1, db.count("MembershipAttempts", "\"PhoneNumberId\" = ?", recentPhone));
        assertEquals(0, db.count("EventLog", "\"Message\" LIKE ?", "%Test.Cleanup.OldEvent%"));
        assertEquals(1, db.count("EventLog", "\"Message\" LIKE ?", "%Test.Cleanup.RecentEvent%"));
        assertEquals(0, db.count("AuthenticationContexts", "\"UniqueId\" = ?", longEnded));
        assertEquals(1, db.count("AuthenticationContexts", "\"UniqueId\" = ?", recentlyEnded));
        assertEquals(1, db.count("AuthenticationContexts", "\"UniqueId\" = ?", active), "an active session is never deleted");
        assertEquals(0, flowRows(db, oldFlow), "the flow went with its OTP and failed check");
        assertEquals(3, flowRows(db, recentFlow));
        assertEquals(1, flowRows(db, pendingFlow), "a pending flow is never deleted");
        assertEquals(membershipFlowRows, flowRows(db, membershipFlow), "a flow a membership references stays, with its OTPs");
        assertEquals(0, db.operatorApi().maintenance().cleanup().totalDeleted(), "nothing is left");
    }

    private static UUID openSession(TestDatabase db, Member member) {
        SessionOpening opening = db.api().sessions().open(member.membership(), member.device());
        return opening.sessionUniqueId().orElseThrow();
    }

    @Test
    void worksInBatchesOfTheGivenSize(TestDatabase db) {
        String phone = Phones.unique();
        for (int i = 0; i < 7; i++) {
            db.api().logins().logAttempt(phone, "passphrase_mismatch", false);
        }
        db.backdate("LoginAttempts", "CreatedAt", days(Limit.ATTEMPT_LOG_RETENTION, 1), "\"PhoneNumber\" = ?", phone);

        CleanupReport report = db.operatorApi().maintenance().cleanup(3);

        assertEquals(List.of(3, 3, 1), report.deletedPerBatch());
        assertEquals(7, report.totalDeleted());
        assertEquals(0, db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone));
    }

    @Test
    void deletesAFlowsChildrenBeforeTheFlowAcrossBatches(TestDatabase db) {
        UUID flow = endedFlowWithOtp(db, new Fixtures(db));
        backdateFlow(db, flow, days(Limit.ENDED_FLOW_RETENTION, 1));

        CleanupReport report = db.operatorApi().maintenance().cleanup(1);

        assertEquals(List.of(1, 1, 1), report.deletedPerBatch(), "failed check, OTP, flow: one per batch");
        assertEquals(0, flowRows(db, flow));
    }

    @Test
    void nothingToDeleteIsAnEmptyReport(TestDatabase db) {
        CleanupReport report = db.operatorApi().maintenance().cleanup();

        assertTrue(report.deletedPerBatch().isEmpty(), report.toString());
        assertEquals(0, report.totalDeleted());
    }

    @Test
    void leavesEveryLimitsBehaviourUnchangedAtTheShortestRetention(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        try {
            db.operatorApi().configuration().setLimit(Limit.ATTEMPT_LOG_RETENTION, 1);
            db.operatorApi().configuration().setLimit(Limit.ENDED_FLOW_RETENTION, 1);
            db.operatorApi().configuration().setLimit(Limit.MAX_FLOWS_PER_HOUR, 2);

            // A lockout two days ago (deletable), one two hours ago (doubles the next ones), one running now.
            String phone = Phones.unique();
            failFiveTimes(db, phone);
            backdateLogins(db, phone, Duration.ofDays(2));
            failFiveTimes(db, phone);
            backdateLogins(db, phone, Duration.ofHours(2));
            assertEquals(Duration.ofMinutes(10), failFiveTimes(db, phone).lockedFor().orElseThrow(), "doubled by the lockout 2 hours ago");
            LoginResult lockedBefore = db.api().logins().login(phone);
            String lockedUntilBefore = lockedUntil(db, phone);

            // Flows of one phone: an old ended one (deletable) and the two of the last hour.
            UUID device = fixtures.device();
            UUID flowPhone = fixtures.phone(Phones.unique(), device);
            UUID oldFlow = failedFlow(db, device, flowPhone);
            backdateFlow(db, oldFlow, Duration.ofDays(2));
            failedFlow(db, device, flowPhone);
            failedFlow(db, device, flowPhone);
            String ofPhone = "\"PhoneNumberId\" = (SELECT p.\"Id\" FROM dbo.\"PhoneNumbers\" p WHERE p.\"UniqueId\" = ?)";
            long flowsBefore = db.count("VerificationFlows", ofPhone, flowPhone);
            FlowStartOutcome startBefore = db.api().verification().start(device, flowPhone, Purpose.LOGIN, null).outcome();

            CleanupReport report = db.operatorApi().maintenance().cleanup();

            assertTrue(report.totalDeleted() >= 5 + 1, "the old lockout's attempts and the old flow: " + report);
            assertEquals(0, db.count("VerificationFlows", "\"UniqueId\" = ?", oldFlow));
            assertEquals(flowsBefore - 1, db.count("VerificationFlows", ofPhone, flowPhone));

            assertEquals(LoginOutcome.LOCKED_OUT, lockedBefore.outcome());
            assertEquals(LoginOutcome.LOCKED_OUT, db.api().logins().login(phone).outcome());
            assertEquals(lockedUntilBefore, lockedUntil(db, phone));
            backdateLogins(db, phone, Duration.ofHours(2));
            assertEquals(Duration.ofMinutes(20), failFiveTimes(db, phone).lockedFor().orElseThrow(),
                    "both lockouts of the last 24 hours still double the next one");

            assertEquals(FlowStartOutcome.RATE_LIMITED, startBefore);
            assertEquals(FlowStartOutcome.RATE_LIMITED, db.api().verification().start(device, flowPhone, Purpose.LOGIN, null).outcome(),
                    "the flows of the last hour still count");
        } finally {
            db.operatorApi().configuration().setLimit(Limit.ATTEMPT_LOG_RETENTION, DocumentedDefaults.of(Limit.ATTEMPT_LOG_RETENTION));
            db.operatorApi().configuration().setLimit(Limit.ENDED_FLOW_RETENTION, DocumentedDefaults.of(Limit.ENDED_FLOW_RETENTION));
            db.operatorApi().configuration().setLimit(Limit.MAX_FLOWS_PER_HOUR, DocumentedDefaults.of(Limit.MAX_FLOWS_PER_HOUR));
        }
    }

    private static LoginResult failFiveTimes(TestDatabase db, String phone) {
        LoginResult last = null;
        for (int i = 0; i < 5; i++) {
            last = db.api().logins().login(phone);
            assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, last.outcome(), "failure " + (i + 1));
        }
        return last;
    }

    private static void backdateLogins(TestDatabase db, String phone, Duration by) {
        db.backdate("LoginAttempts", "CreatedAt", by, "\"PhoneNumber\" = ?", phone);
        db.backdate("LoginAttempts", "LockedUntil", by, "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone);
    }

    private static String lockedUntil(TestDatabase db, String phone) {
        return db.queryString("SELECT max(\"LockedUntil\") FROM dbo.\"LoginAttempts\" WHERE \"PhoneNumber\" = ?", phone);
    }

    private static UUID failedFlow(TestDatabase db, UUID device, UUID phone) {
        var start = db.api().verification().start(device, phone, Purpose.LOGIN, null);
        assertEquals(FlowStartOutcome.CREATED, start.outcome());
        UUID flow = start.flowUniqueId().orElseThrow();
        assertEquals(FlowStatusOutcome.UPDATED, db.api().verification().updateFlowStatus(flow, FlowStatus.FAILED));
        return flow;
    }

    @Test
    void refusesABadBatchSizeAndWritesNothing(TestDatabase db) {
        String phone = Phones.unique();
        db.api().logins().logAttempt(phone, "passphrase_mismatch", false);
        db.api().logins().logAttempt(phone, "passphrase_mismatch", false);
        db.backdate("LoginAttempts", "CreatedAt", days(Limit.ATTEMPT_LOG_RETENTION, 1), "\"PhoneNumber\" = ?", phone);
        long rows = db.totalRows();

        for (int bad : new int[] {0, -1, Maintenance.MAX_BATCH_SIZE + 1}) {
            assertEquals("BatchSize", assertThrows(InvalidInputException.class, () -> db.operatorApi().maintenance().cleanup(bad)).parameter());
        }
        assertEquals("afterEachBatch", assertThrows(InvalidInputException.class,
                () -> db.operatorApi().maintenance().cleanup(Maintenance.MAX_BATCH_SIZE, null)).parameter(), "a missing progress callback");
        for (Integer bad : new Integer[] {null, 0, -1, Maintenance.MAX_BATCH_SIZE + 1}) {
            CleanupExpiredData call = new CleanupExpiredData();
            call.setBatchSize(bad);
            db.callAsOperator(call);
            assertEquals("invalid_input", call.getOutcome(), "BatchSize " + bad);
            assertNull(call.getDeletedCount());
        }

        assertEquals(rows, db.totalRows(), "nothing deleted");
        assertEquals(2, db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone));
        assertEquals(2, db.operatorApi().maintenance().cleanup(Maintenance.MAX_BATCH_SIZE).totalDeleted(), "the largest batch is accepted");
    }

    /**
     * Rows of different ages mixed in storage (the order they were written is not their age): every batch
     * deletes the oldest expired row of the kind, a batch of one deletes exactly that row, and no batch
     * deletes a row within retention.
     */
    @Test
    void eachBatchTakesTheOldestExpiredRowWhereverAgesAreMixed(TestDatabase db) {
        String phone = Phones.unique();
        // Written in this order; days past the retention (negative: still within it).
        int[] pastRetention = {3, -1, 5, 1, -2, 4};
        for (int i = 0; i < pastRetention.length; i++) {
            db.api().logins().logAttempt(phone, "row" + i, true);
        }
        for (int i = 0; i < pastRetention.length; i++) {
            db.backdate("LoginAttempts", "CreatedAt", days(Limit.ATTEMPT_LOG_RETENTION, pastRetention[i]),
                    "\"PhoneNumber\" = ? AND \"Outcome\" = ?", phone, "row" + i);
        }

        for (String oldestLeft : List.of("row2", "row5", "row0")) {
            assertEquals(1, batch(db, 1), "a batch of one");
            assertEquals(0, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" = ?", phone, oldestLeft),
                    oldestLeft + " was the oldest expired row");
        }
        assertEquals(1, batch(db, 3), "one expired row left");
        assertEquals(0, batch(db, 3), "nothing left past retention");
        assertEquals(2, db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone), "the rows within retention stay");
        assertEquals(2, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" IN ('row1', 'row4')", phone));
    }

    private static int batch(TestDatabase db, int size) {
        CleanupExpiredData call = new CleanupExpiredData();
        call.setBatchSize(size);
        db.operatorApi().generatedRoutines().execute(call);
        assertEquals("deleted", call.getOutcome());
        return call.getDeletedCount();
    }

    @Test
    void aRetentionBelowOneDayIsRefused(TestDatabase db) {
        List<Limit> retentions = List.of(Limit.ATTEMPT_LOG_RETENTION, Limit.EVENT_LOG_RETENTION, Limit.ENDED_FLOW_RETENTION,
                Limit.ENDED_SESSION_RETENTION);
        long events = db.count("EventLog");

        for (Limit retention : retentions) {
            for (String bad : List.of("0", "-1", "0.5")) {
                assertEquals("ConfigValue",
                        assertThrows(InvalidInputException.class, () -> db.operatorApi().configuration().set(retention.key(), bad)).parameter(),
                        retention.key() + " = " + bad);
            }
            assertEquals(Integer.toString(DocumentedDefaults.of(retention)), db.api().configuration().value(retention.key()).orElseThrow());
        }
        assertEquals(events, db.count("EventLog"), "a refused value writes no event");

        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setDuration(Limit.EVENT_LOG_RETENTION, DAY), "one day is the least");
        assertEquals(DAY, db.api().configuration().duration(Limit.EVENT_LOG_RETENTION));
        db.operatorApi().configuration().setLimit(Limit.EVENT_LOG_RETENTION, DocumentedDefaults.of(Limit.EVENT_LOG_RETENTION));
    }
}
