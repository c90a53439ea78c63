package com.ecliptix.memberships.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.internal.NoDatabase;
import com.ecliptix.memberships.internal.domain.DefaultVerification;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every method of {@link Verification} refuses a null id before any statement reaches the database. */
class VerificationInputsTest {

    private static final UUID ID = UUID.randomUUID();
    private static final Instant LATER = Instant.now().plusSeconds(120);
    private static final OtpKey KEY = OtpKey.of(new byte[32]);

    static Stream<Arguments> nullIds() {
        return Stream.of(
                call("FlowUniqueId", "requestResend", v -> v.requestResend(null)),
                call("OtpUniqueId", "updateOtpStatus", v -> v.updateOtpStatus(null, OtpStatus.FAILED)),
                call("FlowUniqueId", "updateFlowStatus", v -> v.updateFlowStatus(null, FlowStatus.EXPIRED)),
                call("FlowUniqueId", "expireOtps", v -> v.expireOtps(null)),
                call("FlowUniqueId", "flowState", v -> v.flowState(null)),
                call("FlowUniqueId", "issueOtp", v -> v.issueOtp(null, "hash", "salt", LATER)),
                call("FlowUniqueId", "resendOtp", v -> v.resendOtp(null, "hash", "salt", LATER)),
                call("FlowUniqueId", "issueCode", v -> v.issueCode(null, LATER)),
                call("FlowUniqueId", "resendCode", v -> v.resendCode(null, LATER)),
                call("FlowUniqueId", "verifyCode", v -> v.verifyCode(null, "123456")),
                call("FlowUniqueId", "verifyHash", v -> v.verifyHash(null, "ab")),
                call("code", "verifyCode (null code)", v -> v.verifyCode(ID, null)),
                call("code", "verifyCode (empty code)", v -> v.verifyCode(ID, "")),
                call("OtpHash", "verifyHash (null hash)", v -> v.verifyHash(ID, null)),
                call("OtpHash", "verifyHash (empty hash)", v -> v.verifyHash(ID, "")),
                call("OtpHash", "verifyHash (too long)", v -> v.verifyHash(ID, "a".repeat(Verification.MAX_HASH_LENGTH + 1))),
                call("ExpiresAt", "issueCode (no expiry)", v -> v.issueCode(ID, null)),
                call("AppDeviceId", "start", v -> v.start(null, ID, Purpose.LOGIN, null)),
                call("PhoneNumberUniqueId", "start", v -> v.start(ID, null, Purpose.LOGIN, null)));
    }

    private static Arguments call(String parameter, String method, Consumer<Verification> call) {
        return Arguments.of(parameter, method, call);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("nullIds")
    void aNullIdOrBadInputIsRefusedBeforeAnyCall(String parameter, String method, Consumer<Verification> call) {
        NoDatabase db = new NoDatabase();
        Verification verification = new DefaultVerification(db.routines(), KEY, Verification.DEFAULT_CODE_LENGTH);
        assertEquals(parameter, assertThrows(InvalidInputException.class, () -> call.accept(verification)).parameter());
        assertEquals(0, db.statements(), "no statement was sent");
    }

    @Test
    void withoutAnOtpKeyGeneratedCodesFailNamingTheKeyBeforeAnyCall() {
        NoDatabase db = new NoDatabase();
        Verification verification = new DefaultVerification(db.routines());
        for (Runnable call : new Runnable[] {
                () -> verification.issueCode(ID, LATER),
                () -> verification.resendCode(ID, LATER),
                () -> verification.verifyCode(ID, "123456")}) {
            ConfigurationException e = assertThrows(ConfigurationException.class, call::run);
            assertTrue(e.getMessage().contains("No OTP key configured"), e.getMessage());
            assertTrue(e.getMessage().contains("otpKey"), e.getMessage());
        }
        assertEquals(0, db.statements(), "no statement was sent");
    }

    @Test
    void codeLengthsOutsideTheRangeAreRefused() {
        NoDatabase db = new NoDatabase();
        for (int digits : new int[] {0, Verification.MIN_CODE_LENGTH - 1, Verification.MAX_CODE_LENGTH + 1}) {
            assertEquals("otpCodeLength", assertThrows(InvalidInputException.class,
                    () -> new DefaultVerification(db.routines(), KEY, digits)).parameter());
        }
    }
}
