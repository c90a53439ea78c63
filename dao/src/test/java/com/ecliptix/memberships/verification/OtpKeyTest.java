package com.ecliptix.memberships.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OtpKeyTest {

    /** RFC 4231, test case 6: a 131-byte key of 0xaa. */
    private static final byte[] RFC_KEY = filled(131, (byte) 0xaa);
    private static final String RFC_DATA = "Test Using Larger Than Block-Size Key - Hash Key First";
    private static final String RFC_HMAC = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";

    @Test
    void theHashIsLowerCaseHexOfHmacSha256OverSaltThenCode() {
        OtpKey key = OtpKey.of(RFC_KEY);
        assertEquals(RFC_HMAC, key.hash(new byte[0], RFC_DATA));
        // The salt's bytes come first, then the code's UTF-8 bytes.
        byte[] salt = "Test Using ".getBytes(StandardCharsets.UTF_8);
        assertEquals(RFC_HMAC, key.hash(salt, RFC_DATA.substring(salt.length)));
        assertFalse(RFC_HMAC.equals(key.hash(salt, RFC_DATA)), "a different salt gives a different hash");
    }

    @Test
    void keysShorterThan32BytesOrMissingAreRefused() {
        assertEquals("otpKey", assertThrows(InvalidInputException.class, () -> OtpKey.of(null)).parameter());
        InvalidInputException shortKey = assertThrows(InvalidInputException.class, () -> OtpKey.of(new byte[31]));
        assertTrue(shortKey.getMessage().contains("at least 32 bytes"), shortKey.getMessage());
        OtpKey.of(new byte[OtpKey.MIN_LENGTH]);
    }

    @Test
    void theKeyIsCopiedSoTheCallersArrayCannotChangeIt() {
        byte[] bytes = RFC_KEY.clone();
        OtpKey key = OtpKey.of(bytes);
        Arrays.fill(bytes, (byte) 0);
        assertEquals(RFC_HMAC, key.hash(new byte[0], RFC_DATA));
    }

    @Test
    void fromTheEnvironmentTheVariableIsNamedAndItsValueNeverShown() {
        String secret = Base64.getEncoder().encodeToString(filled(16, (byte) 7));
        Map<String, String> env = Map.of("SHORT", secret, "BAD", "not base64 !", "GOOD",
                Base64.getEncoder().encodeToString(RFC_KEY), "URLSAFE", Base64.getUrlEncoder().encodeToString(filled(40, (byte) 0xfb)));

        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> OtpKey.fromEnvironment("UNSET", env::get));
        assertEquals("UNSET", missing.parameter());
        assertTrue(missing.getMessage().contains("not set"), missing.getMessage());

        InvalidInputException tooShort = assertThrows(InvalidInputException.class, () -> OtpKey.fromEnvironment("SHORT", env::get));
        assertEquals("SHORT", tooShort.parameter());
        assertFalse(tooShort.getMessage().contains(secret), "the value is not in the message");

        assertEquals("BAD", assertThrows(InvalidInputException.class, () -> OtpKey.fromEnvironment("BAD", env::get)).parameter());
        assertEquals(RFC_HMAC, OtpKey.fromEnvironment("GOOD", env::get).hash(new byte[0], RFC_DATA));
        OtpKey.fromEnvironment("URLSAFE", env::get);
    }

    @Test
    void neitherTheKeyNorACodeIsPrintedByToString() {
        OtpKey key = OtpKey.of(filled(32, (byte) 0x41));
        assertFalse(key.toString().contains("AAAA"), key.toString());
        OtpCode code = new OtpCode("042917");
        assertFalse(code.toString().contains("042917"), code.toString());
        OtpCodeIssue issue = new OtpCodeIssue(OtpIssueOutcome.CREATED, Optional.of(UUID.randomUUID()), Optional.empty(), Optional.of(code));
        assertFalse(issue.toString().contains("042917"), issue.toString());
        OtpCodeResend resend = new OtpCodeResend(ResendOutcome.RESEND_ALLOWED, Optional.empty(), Optional.empty(), Optional.of(code));
        assertFalse(resend.toString().contains("042917"), resend.toString());
        assertEquals("042917", code.digits());
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
