package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.Routines.flowStatus;
import static com.ecliptix.memberships.routines.Routines.otpStatus;
import static com.ecliptix.memberships.routines.Routines.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.VerifyOtp;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures.Flow;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** VerifyOtp as the routine itself answers, past the API's own checks. */
@DatabaseTest
class VerifyOtpRoutineTest {

    private static final String HASH = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("a NULL flow", false, HASH),
                Arguments.of("a NULL hash", true, null),
                Arguments.of("an empty hash", true, ""),
                Arguments.of("a hash longer than the column", true, "a".repeat(256)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsInvalidInputAndWritesNothing(String what, boolean withFlow, String hash, TestDatabase db) {
        Flow flow = new Fixtures(db).flow("login");
        otp(db, flow.id(), HASH);
        long rows = db.totalRows();

        VerifyOtp call = verify(db, withFlow ? flow.id() : null, hash);

        assertEquals("invalid_input", call.getOutcome());
        assertNull(call.getOtpUniqueId());
        assertNull(call.getRemainingAttempts());
        assertEquals(rows, db.totalRows(), "nothing is written");
        assertEquals("pending", flowStatus(db, flow.id()));
    }

    @Test
    void theComparisonIsExactAndCaseSensitive(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("login");
        UUID otp = otp(db, flow.id(), HASH);

        String[] nearMisses = {HASH.toUpperCase(), HASH + " ", HASH.substring(1), " " + HASH};
        for (int i = 0; i < nearMisses.length; i++) {
            VerifyOtp call = verify(db, flow.id(), nearMisses[i]);
            assertEquals("invalid_code", call.getOutcome(), "'" + nearMisses[i] + "'");
            assertEquals(otp, call.getOtpUniqueId());
            assertEquals(DocumentedDefaults.of(Limit.MAX_OTP_ATTEMPTS) - (i + 1), call.getRemainingAttempts());
        }

        VerifyOtp right = verify(db, flow.id(), HASH);
        assertEquals("verified", right.getOutcome());
        assertEquals(otp, right.getOtpUniqueId());
        assertNull(right.getRemainingAttempts());
        assertEquals("verified", otpStatus(db, otp));
        assertEquals("verified", flowStatus(db, flow.id()));
        assertEquals("flow_not_found_or_invalid", verify(db, flow.id(), HASH).getOutcome(), "a verified flow is not checked again");
    }

    @Test
    void everyStateOutcomeInTheContractsOrder(TestDatabase db) {
        assertEquals("flow_not_found_or_invalid", verify(db, UUID.randomUUID(), HASH).getOutcome());

        Flow noOtp = new Fixtures(db).flow("login");
        assertEquals("no_active_otp", verify(db, noOtp.id(), HASH).getOutcome());

        Flow expiredOtp = new Fixtures(db).flow("login");
        UUID otp = otp(db, expiredOtp.id(), HASH);
        db.backdate("OtpRecords", "ExpiresAt", Duration.ofMinutes(10), "\"UniqueId\" = ?", otp);
        assertEquals("otp_expired", verify(db, expiredOtp.id(), HASH).getOutcome());
        assertEquals("expired", otpStatus(db, otp));
        assertEquals("pending", flowStatus(db, expiredOtp.id()), "the flow stays pending for a resend");
        assertEquals("no_active_otp", verify(db, expiredOtp.id(), HASH).getOutcome());

        Flow expiredFlow = new Fixtures(db).flow("login");
        UUID flowOtp = otp(db, expiredFlow.id(), HASH);
        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofMinutes(10), "\"UniqueId\" = ?", expiredFlow.id());
        assertEquals("flow_expired", verify(db, expiredFlow.id(), HASH).getOutcome(), "the flow's expiry is checked before the OTP's");
        assertEquals("expired", flowStatus(db, expiredFlow.id()));
        assertEquals("expired", otpStatus(db, flowOtp));
        assertEquals("flow_not_found_or_invalid", verify(db, expiredFlow.id(), HASH).getOutcome());

        for (Flow flow : new Flow[] {noOtp, expiredOtp, expiredFlow}) {
            assertEquals(0, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow.id()), "no state outcome counts as a failed check");
        }
    }

    @Test
    void failedChecksOfUpdateOtpStatusAndVerifyOtpShareTheFlowsLimit(TestDatabase db) {
        int max = DocumentedDefaults.of(Limit.MAX_OTP_ATTEMPTS);
        Flow flow = new Fixtures(db).flow("login");
        UUID first = otp(db, flow.id(), "first-" + HASH);
        assertEquals("updated", Routines.updateOtp(db, first, "failed").getOutcome());
        UUID second = new Fixtures(db).otp(flow.id());

        for (int i = 2; i < max; i++) {
            assertEquals(max - i, verify(db, flow.id(), HASH).getRemainingAttempts());
        }
        VerifyOtp last = verify(db, flow.id(), HASH);

        assertEquals("max_failed_attempts_reached", last.getOutcome());
        assertEquals(0, last.getRemainingAttempts());
        assertEquals("failed", otpStatus(db, second));
        assertEquals("failed", flowStatus(db, flow.id()));
        assertEquals(1, db.count("EventLog", "\"EventType\" = 'otp_check_limit' AND \"Message\" LIKE ?", "%" + flow.id() + "%"));
        assertNull(state(db, flow.id()).getOtpSalt(), "a failed flow has no active OTP, so no salt");
    }

    @Test
    void getFullFlowStateReturnsTheActiveOtpsSaltButNeverTheHash(TestDatabase db) {
        Flow flow = new Fixtures(db).flow("login");
        InsertOtpRecord insert = new InsertOtpRecord();
        insert.setFlowUniqueId(flow.id());
        insert.setOtpHash(HASH);
        insert.setOtpSalt("00112233445566778899aabbccddeeff");
        insert.setExpiresAt(Instant.now().plusSeconds(120));
        assertEquals("created", db.call(insert).getOutcome());

        assertEquals("00112233445566778899aabbccddeeff", state(db, flow.id()).getOtpSalt());
        assertEquals(-1, state(db, flow.id()).fieldsRow().indexOf("OtpHash"), "GetFullFlowState has no hash column");
    }

    private static UUID otp(TestDatabase db, UUID flow, String hash) {
        InsertOtpRecord call = new InsertOtpRecord();
        call.setFlowUniqueId(flow);
        call.setOtpHash(hash);
        call.setOtpSalt("salt-" + UUID.randomUUID());
        call.setExpiresAt(Instant.now().plusSeconds(120));
        db.call(call);
        assertEquals("created", call.getOutcome());
        return call.getOtpUniqueId();
    }

    private static VerifyOtp verify(TestDatabase db, UUID flow, String hash) {
        VerifyOtp call = new VerifyOtp();
        call.setFlowUniqueId(flow);
        call.setOtpHash(hash);
        return db.call(call);
    }
}
