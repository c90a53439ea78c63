package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.Routines.login;
import static com.ecliptix.memberships.routines.Routines.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.routines.LogLoginAttempt;
import com.ecliptix.memberships.generated.routines.LogMembershipAttempt;
import com.ecliptix.memberships.generated.tables.records.GetFullFlowStateRecord;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.login.LoginResult;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Fixtures.Flow;
import com.ecliptix.memberships.testing.Fixtures.Member;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.verification.FlowState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The first upgrade is a real one: a database at the baseline version, filled through the routines,
 * migrates to the latest version with every row kept, and the API works on the old data.
 * ({@code @DatabaseTest} runs it once per engine and skips it with the reason where an engine is missing.)
 */
@DatabaseTest
class SchemaUpgradeTest {

    private static final byte[] KEY = {7, 1, 2, 3, 5, 8, 13};

    @Test
    void baselineDataSurvivesTheUpgradeAndTheApiWorksOnIt(TestDatabase latest) {
        try (TestDatabase db = TestDatabase.migratedTo("1")) {
            assertEquals("1", db.schemaVersion());

            Member member = new Fixtures(db).activeMembership(KEY);
            assertEquals("success", login(db, member.phone().number()).getOutcome());
            assertEquals("phone_number_not_found", login(db, "+15550001111").getOutcome());
            LogLoginAttempt logged = new LogLoginAttempt();
            logged.setPhoneNumber(member.phone().number());
            logged.setOutcome("client_proof_failed");
            logged.setIsSuccess(false);
            assertEquals("logged", db.call(logged).getResult());
            LogMembershipAttempt attempt = new LogMembershipAttempt();
            attempt.setPhoneNumberUniqueId(member.phone().id());
            attempt.setOutcome("client_abandoned");
            attempt.setIsSuccess(false);
            assertEquals("logged", db.call(attempt).getResult());
            Flow pending = new Fixtures(db).flow("login");
            UUID otp = new Fixtures(db).otp(pending.id());

            Map<String, Long> before = rowCounts(db);
            for (String table : new String[] {"AppDevices", "PhoneNumbers", "PhoneNumberDevices", "VerificationFlows",
                    "OtpRecords", "Memberships", "MembershipAttempts", "LoginAttempts"}) {
                assertNotEquals(0L, before.get(table), table + " is filled before the upgrade");
            }
            GetFullFlowStateRecord stateBefore = state(db, pending.id());

            db.migrateToLatest();

            assertEquals(latest.schemaVersion(), db.schemaVersion(), "the upgraded database is at the latest version");
            assertNotEquals("1", db.schemaVersion(), "there is a version after the baseline to upgrade to");
            assertEquals(before, rowCounts(db), "every row is still there");

            LoginResult again = db.api().logins().login(member.phone().number());
            assertEquals(LoginOutcome.SUCCESS, again.outcome(), "the baseline's membership logs in after the upgrade");
            assertArrayEquals(KEY, again.secureKey().orElseThrow());
            FlowState flow = db.api().verification().flowState(pending.id()).orElseThrow();
            assertEquals(stateBefore.getStatus(), Codes.code(flow.status()));
            assertEquals(otp, flow.activeOtp().orElseThrow().otpUniqueId(), "the baseline's flow still has its OTP");
        }
    }

    private static Map<String, Long> rowCounts(TestDatabase db) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TestDatabase.TABLES) {
            if (!table.equals("AuthenticationContexts")) {
                counts.put(table, db.count(table));
            }
        }
        counts.put("SystemConfiguration (v1 keys)", db.count("SystemConfiguration", "\"ConfigKey\" NOT LIKE 'Retention.%'"
                + " AND \"ConfigKey\" NOT IN (?, ?, ?)", Limit.SESSION_LIFETIME.key(), Limit.MAX_SESSIONS_PER_MEMBERSHIP.key(),
                Limit.LOCK_TIMEOUT.key()));
        return counts;
    }
}
