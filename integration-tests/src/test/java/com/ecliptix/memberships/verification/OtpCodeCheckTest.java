package com.ecliptix.memberships.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.ErrorKind;
import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.membership.MembershipCreation;
import com.ecliptix.memberships.membership.MembershipCreationOutcome;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The OTP check end to end through the API: a generated code, its HMAC stored, the entered code checked by
 * the database under the flow's lock, wrong codes keeping the OTP usable until OTP.MaxAttempts.
 */
@DatabaseTest
class OtpCodeCheckTest {

    private static final int MAX_CHECKS = DocumentedDefaults.of(Limit.MAX_OTP_ATTEMPTS);
    private static final byte[] KEY = randomKey();

    @Test
    void theRightCodeVerifiesAndTheStoredHashIsTheHmacOfSaltAndCode(TestDatabase db) throws Exception {
        EcliptixMemberships api = withKey(db);
        UUID flow = newFlow(db, 77L);

        OtpCodeIssue issue = api.verification().issueCode(flow, Instant.now().plusSeconds(120));

        assertEquals(OtpIssueOutcome.CREATED, issue.outcome());
        String code = issue.code().orElseThrow().digits();
        assertTrue(code.matches("[0-9]{6}"), "six digits by default");
        UUID otp = issue.otpUniqueId().orElseThrow();
        String salt = db.queryString("SELECT \"OtpSalt\" FROM dbo.\"OtpRecords\" WHERE \"UniqueId\" = ?", otp);
        String hash = db.queryString("SELECT \"OtpHash\" FROM dbo.\"OtpRecords\" WHERE \"UniqueId\" = ?", otp);
        assertTrue(salt.matches("[0-9a-f]{32}"), "16 random bytes in lower-case hex: " + salt);
        assertEquals(hmac(HexFormat.of().parseHex(salt), code), hash, "HMAC-SHA256(key, salt bytes + code UTF-8)");
        assertEquals(salt, api.verification().flowState(flow).orElseThrow().activeOtp().orElseThrow().salt());

        OtpCheck check = api.verification().verifyCode(flow, code);

        assertEquals(new OtpCheck(OtpCheckOutcome.VERIFIED, OptionalInt.empty(), Optional.of(otp)), check);
        assertEquals(FlowStatus.VERIFIED, api.verification().flowState(flow).orElseThrow().status());
        assertEquals("verified", db.queryString("SELECT \"Status\" FROM dbo.\"OtpRecords\" WHERE \"UniqueId\" = ?", otp));
        MembershipCreation membership = api.memberships().create(flow, 77L, otp);
        assertEquals(MembershipCreationOutcome.CREATED, membership.outcome());
    }

    @Test
    void aWrongCodeGivesTheAttemptsLeftAndTheSameOtpStillVerifies(TestDatabase db) {
        EcliptixMemberships api = withKey(db);
        UUID flow = newFlow(db, null);
        OtpCodeIssue issue = api.verification().issueCode(flow, Instant.now().plusSeconds(120));
        String code = issue.code().orElseThrow().digits();

        OtpCheck wrong = api.verification().verifyCode(flow, wrongCode(code));

        assertEquals(OtpCheckOutcome.INVALID_CODE, wrong.outcome());
        assertEquals(OptionalInt.of(MAX_CHECKS - 1), wrong.attemptsLeft());
        assertEquals(issue.otpUniqueId(), wrong.otpUniqueId());
        ActiveOtp active = api.verification().flowState(flow).orElseThrow().activeOtp().orElseThrow();
        assertEquals(OtpStatus.PENDING, active.status(), "a wrong code keeps the OTP pending");
        assertEquals(1, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow));

        OtpCheck right = api.verification().verifyCode(flow, code);
        assertEquals(OtpCheckOutcome.VERIFIED, right.outcome());
        assertEquals(issue.otpUniqueId(), right.otpUniqueId());
    }

    @Test
    void theRightCodeVerifiesAfterFourWrongOnes(TestDatabase db) {
        EcliptixMemberships api = withKey(db);
        UUID flow = newFlow(db, null);
        String code = api.verification().issueCode(flow, Instant.now().plusSeconds(120)).code().orElseThrow().digits();

        for (int i = 1; i < MAX_CHECKS; i++) {
            OtpCheck wrong = api.verification().verifyCode(flow, wrongCode(code));
            assertEquals(OtpCheckOutcome.INVALID_CODE, wrong.outcome(), "wrong code " + i);
            assertEquals(OptionalInt.of(MAX_CHECKS - i), wrong.attemptsLeft(), "attempts left after " + i);
        }

        assertEquals(OtpCheckOutcome.VERIFIED, api.verification().verifyCode(flow, code).outcome());
        assertEquals(0, db.count("EventLog", "\"EventType\" = 'otp_check_limit'"
                + " AND \"Message\" LIKE ?", "%" + flow + "%"));
    }

    @Test
    void theFifthWrongCodeFailsTheFlowWithOneOtpCheckLimitEvent(TestDatabase db) {
        EcliptixMemberships api = withKey(db);
        UUID flow = newFlow(db, null);
        OtpCodeIssue issue = api.verification().issueCode(flow, Instant.now().plusSeconds(120));
        String code = issue.code().orElseThrow().digits();
        for (int i = 1; i < MAX_CHECKS; i++) {
            api.verification().verifyCode(flow, wrongCode(code));
        }

        OtpCheck last = api.verification().verifyCode(flow, wrongCode(code));

        assertEquals(OtpCheckOutcome.MAX_FAILED_ATTEMPTS_REACHED, last.outcome());
        assertEquals(OptionalInt.of(0), last.attemptsLeft());
        assertEquals(FlowStatus.FAILED, api.verification().flowState(flow).orElseThrow().status());
        assertEquals("failed", db.queryString("SELECT \"Status\" FROM dbo.\"OtpRecords\" WHERE \"UniqueId\" = ?",
                issue.otpUniqueId().orElseThrow()));
        assertEquals(1, db.count("EventLog", "\"EventType\" = 'otp_check_limit' AND \"Message\" LIKE ?", "%" + flow + "%"));
        assertEquals(OtpCheckOutcome.FLOW_NOT_FOUND_OR_INVALID, api.verification().verifyCode(flow, code).outcome(),
                "the right code no longer verifies a failed flow");
        assertEquals(MAX_CHECKS, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow));
    }

    @Test
    void fiftyParallelWrongCodesCountExactlyTheLimitAndNeverVerify(TestDatabase db) throws Exception {
        EcliptixMemberships api = withKey(db);
        UUID flow = newFlow(db, null);
        String code = api.verification().issueCode(flow, Instant.now().plusSeconds(120)).code().orElseThrow().digits();
        String wrong = wrongCode(code);

        List<OtpCheck> checks = Concurrently.run(50, i -> api.verification().verifyCode(flow, wrong));

        Map<OtpCheckOutcome, Integer> outcomes = new EnumMap<>(OtpCheckOutcome.class);
        checks.forEach(check -> outcomes.merge(check.outcome(), 1, Integer::sum));
        assertEquals(MAX_CHECKS, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow), outcomes.toString());
        assertEquals(MAX_CHECKS - 1, outcomes.getOrDefault(OtpCheckOutcome.INVALID_CODE, 0), outcomes.toString());
        assertEquals(1, outcomes.getOrDefault(OtpCheckOutcome.MAX_FAILED_ATTEMPTS_REACHED, 0), outcomes.toString());
        assertEquals(50 - MAX_CHECKS, outcomes.getOrDefault(OtpCheckOutcome.FLOW_NOT_FOUND_OR_INVALID, 0), outcomes.toString());
        assertFalse(outcomes.containsKey(OtpCheckOutcome.VERIFIED));
        assertEquals(1, db.count("EventLog", "\"EventType\" = 'otp_check_limit' AND \"Message\" LIKE ?", "%" + flow + "%"));
        // Every attempts-left value from MAX_CHECKS - 1 down to 0 was handed out once.
        assertEquals(IntStream.iterate(MAX_CHECKS - 1, n -> n >= 0, n -> n - 1).boxed().toList(), checks.stream()
                .filter(c -> c.attemptsLeft().isPresent()).map(c -> c.attemptsLeft().getAsInt())
                .sorted(Comparator.reverseOrder()).toList());
    }

    @Test
    void anExpiredOtpAnExpiredFlowAndAFlowWithoutOtpAnswerTheirOutcomes(TestDatabase db) {
        EcliptixMemberships api = withKey(db);

        UUID noOtp = newFlow(db, null);
        assertEquals(OtpCheckOutcome.NO_ACTIVE_OTP, api.verification().verifyCode(noOtp, "123456").outcome());

        UUID otpExpires = newFlow(db, null);
        OtpCodeIssue issue = api.verification().issueCode(otpExpires, Instant.now().plusSeconds(120));
        db.backdate("OtpRecords", "ExpiresAt", Duration.ofMinutes(10), "\"FlowUniqueId\" = ?", otpExpires);
        assertEquals(OtpCheckOutcome.OTP_EXPIRED,
                api.verification().verifyCode(otpExpires, issue.code().orElseThrow().digits()).outcome());
        assertEquals("expired", db.queryString("SELECT \"Status\" FROM dbo.\"OtpRecords\" WHERE \"UniqueId\" = ?",
                issue.otpUniqueId().orElseThrow()));
        assertEquals(OtpCheckOutcome.NO_ACTIVE_OTP, api.verification().verifyCode(otpExpires, "123456").outcome());

        UUID flowExpires = newFlow(db, null);
        String code = api.verification().issueCode(flowExpires, Instant.now().plusSeconds(120)).code().orElseThrow().digits();
        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofMinutes(10), "\"UniqueId\" = ?", flowExpires);
        assertEquals(OtpCheckOutcome.FLOW_EXPIRED, api.verification().verifyCode(flowExpires, code).outcome());
        assertEquals(FlowStatus.EXPIRED, api.verification().flowState(flowExpires).orElseThrow().status());

        assertEquals(OtpCheckOutcome.FLOW_NOT_FOUND_OR_INVALID, api.verification().verifyCode(UUID.randomUUID(), code).outcome());
        for (UUID flow : new UUID[] {noOtp, otpExpires, flowExpires}) {
            assertEquals(0, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow), "none of these counted as a failed check");
        }
    }

    @Test
    void aResentCodeReplacesTheFirstOne(TestDatabase db) {
        EcliptixMemberships api = withKey(db);
        UUID flow = newFlow(db, null);
        String first = api.verification().issueCode(flow, Instant.now().plusSeconds(120)).code().orElseThrow().digits();
        assertEquals(ResendOutcome.RESEND_COOLDOWN_ACTIVE, api.verification().resendCode(flow, Instant.now().plusSeconds(120)).outcome());
        db.backdate("OtpRecords", "CreatedAt", Duration.ofSeconds(DocumentedDefaults.of(Limit.RESEND_COOLDOWN) + 1), "\"FlowUniqueId\" = ?", flow);

        OtpCodeResend resend = api.verification().resendCode(flow, Instant.now().plusSeconds(120));

        assertEquals(ResendOutcome.RESEND_ALLOWED, resend.outcome());
        String second = resend.code().orElseThrow().digits();
        if (!first.equals(second)) {
            assertEquals(OtpCheckOutcome.INVALID_CODE, api.verification().verifyCode(flow, first).outcome(), "the old code is superseded");
        }
        OtpCheck check = api.verification().verifyCode(flow, second);
        assertEquals(OtpCheckOutcome.VERIFIED, check.outcome());
        assertEquals(resend.otpUniqueId(), check.otpUniqueId());
    }

    @Test
    void theCodeAndTheKeyAreInNoTableNoOutputAndNoToString(TestDatabase db) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String code;
        OtpCodeIssue issue;
        OtpCheck check;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            // Nine digits: a code that long is not found by chance in the phone numbers and hex of the tables.
            EcliptixMemberships api = EcliptixMemberships.builder().dataSource(db.dataSource()).otpKey(KEY).otpCodeLength(9).build();
            UUID flow = newFlow(db, null);
            issue = api.verification().issueCode(flow, Instant.now().plusSeconds(120));
            code = issue.code().orElseThrow().digits();
            api.verification().verifyCode(flow, wrongCode(code));
            check = api.verification().verifyCode(flow, code);
            assertEquals(OtpCheckOutcome.VERIFIED, check.outcome());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String keyHex = HexFormat.of().formatHex(KEY);
        String keyBase64 = Base64.getEncoder().encodeToString(KEY);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("EcliptixMemberships schema version"),
                "the API's own log lines were captured: " + captured);
        for (String secret : List.of(code, keyHex, keyHex.toUpperCase(), keyBase64)) {
            assertEquals(0, db.rowsContaining(secret), "no table holds the code or the key");
            assertFalse(captured.toString(StandardCharsets.UTF_8).contains(secret), "no output line holds the code or the key");
        }
        assertFalse(issue.toString().contains(code), issue.toString());
        assertFalse(check.toString().contains(code), check.toString());
        assertFalse(issue.code().orElseThrow().toString().contains(code));
    }

    @Test
    void badInputIsATypedErrorAndWritesNothing(TestDatabase db) {
        EcliptixMemberships api = withKey(db);
        UUID flow = newFlow(db, null);
        api.verification().issueCode(flow, Instant.now().plusSeconds(120));
        long rows = db.totalRows();

        assertEquals("code", assertThrows(InvalidInputException.class, () -> api.verification().verifyCode(flow, "")).parameter());
        assertEquals("code", assertThrows(InvalidInputException.class, () -> api.verification().verifyCode(flow, null)).parameter());
        assertEquals("code", assertThrows(InvalidInputException.class,
                () -> api.verification().verifyCode(flow, "1".repeat(Verification.MAX_ENTERED_CODE_LENGTH + 1))).parameter());
        assertEquals("FlowUniqueId", assertThrows(InvalidInputException.class, () -> api.verification().verifyCode(null, "123456")).parameter());
        assertEquals("OtpHash", assertThrows(InvalidInputException.class, () -> api.verification().verifyHash(flow, "")).parameter());
        assertEquals("ExpiresAt", assertThrows(InvalidInputException.class,
                () -> api.verification().issueCode(flow, Instant.now().minusSeconds(1))).parameter());
        assertEquals("FlowUniqueId", assertThrows(InvalidInputException.class, () -> api.verification().issueCode(null, Instant.now())).parameter());

        assertEquals(rows, db.totalRows(), "no row was written");
    }

    @Test
    void aFlowStartedWithoutAConnectionBecomesAMembershipWithoutOne(TestDatabase db) {
        EcliptixMemberships api = withKey(db);
        UUID device = new Fixtures(db).device();
        PhoneFlowStart start = api.verification().startForPhoneNumber(device, Phones.unique(), "US", Purpose.REGISTRATION, null);
        UUID flow = start.flow().flowUniqueId().orElseThrow();
        String code = api.verification().issueCode(flow, Instant.now().plusSeconds(120)).code().orElseThrow().digits();
        UUID otp = api.verification().verifyCode(flow, code).otpUniqueId().orElseThrow();

        assertEquals(MembershipCreationOutcome.VERIFICATION_FLOW_NOT_FOUND, api.memberships().create(flow, 5L, otp).outcome(),
                "a connection the flow did not have does not match");
        MembershipCreation created = api.memberships().create(flow, null, otp);

        assertEquals(MembershipCreationOutcome.CREATED, created.outcome());
        assertEquals(1, db.count("Memberships", "\"UniqueId\" = ?", created.membershipUniqueId().orElseThrow()));
    }

    @Test
    void theBuilderRefusesAShortOrUnsetKeyBeforeConnecting(TestDatabase db) {
        assertEquals("otpKey", assertThrows(InvalidInputException.class,
                () -> EcliptixMemberships.builder().otpKey(new byte[31])).parameter());
        assertEquals("ECLIPTIX_TEST_UNSET_OTP_KEY", assertThrows(InvalidInputException.class,
                () -> EcliptixMemberships.builder().otpKeyFromEnvironment("ECLIPTIX_TEST_UNSET_OTP_KEY")).parameter());
        ConfigurationException noDatabase = assertThrows(ConfigurationException.class,
                () -> EcliptixMemberships.builder().otpKey(KEY).build());
        assertEquals(ErrorKind.CONFIGURATION, noDatabase.kind());
        assertTrue(noDatabase.getMessage().contains("dataSource(...)"), noDatabase.getMessage());
        assertThrows(ConfigurationException.class,
                () -> EcliptixMemberships.builder().dataSource(db.dataSource()).jdbc("jdbc:postgresql://127.0.0.1/x", null, null).build());
    }

    @Test
    void withoutAKeyTheApiIsBuiltAndOnlyGeneratedCodesFailSayingHowToGiveOne(TestDatabase db) {
        EcliptixMemberships api = EcliptixMemberships.builder().dataSource(db.dataSource()).build();
        UUID flow = newFlow(db, null);
        long rows = db.totalRows();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> api.verification().issueCode(flow, Instant.now().plusSeconds(120)));
        assertEquals(ErrorKind.CONFIGURATION, e.kind());
        assertTrue(e.getMessage().contains("otpKeyFromEnvironment"), e.getMessage());
        assertEquals(rows, db.totalRows(), "nothing was written");
        // Hash-and-salt calls need no key.
        assertEquals(OtpIssueOutcome.CREATED, api.verification().issueOtp(flow, "hash", "salt", Instant.now().plusSeconds(120)).outcome());
    }

    private static EcliptixMemberships withKey(TestDatabase db) {
        return EcliptixMemberships.builder().dataSource(db.dataSource()).otpKey(KEY).build();
    }

    private static UUID newFlow(TestDatabase db, Long connection) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        FlowStart start = db.api().verification().start(device, phone, Purpose.REGISTRATION, connection);
        assertEquals(FlowStartOutcome.CREATED, start.outcome());
        return start.flowUniqueId().orElseThrow();
    }

    /** The same length, one digit changed. */
    private static String wrongCode(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    private static String hmac(byte[] salt, String code) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update(salt);
        return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
