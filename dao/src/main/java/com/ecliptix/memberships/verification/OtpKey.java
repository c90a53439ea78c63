package com.ecliptix.memberships.verification;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The application's secret for OTP hashes: stored hash = lower-case hex of HMAC-SHA256(key, salt bytes
 * followed by the code's UTF-8 bytes). It comes from the application's configuration, never from the
 * database, so that a copy of the database alone cannot test guesses. {@link #toString()} never shows it.
 */
public final class OtpKey {

    /** The shortest key accepted, in bytes (the HMAC-SHA256 block of security the contract asks for). */
    public static final int MIN_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private OtpKey(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /**
     * A key from raw bytes (copied).
     *
     * @throws InvalidInputException when the key is missing or shorter than {@value #MIN_LENGTH} bytes
     */
    public static OtpKey of(byte[] key) {
        return checked("otpKey", key);
    }

    /**
     * A key from the environment variable {@code variable}, holding the key in base64 (standard or URL-safe
     * alphabet), e.g. made with {@code openssl rand -base64 32}.
     *
     * @throws InvalidInputException when the variable is not set, is not base64, or holds fewer than
     *                               {@value #MIN_LENGTH} bytes; the message names the variable, never its value
     */
    public static OtpKey fromEnvironment(String variable) {
        return fromEnvironment(variable, System::getenv);
    }

    static OtpKey fromEnvironment(String variable, Function<String, String> environment) {
        if (variable == null || variable.isBlank()) {
            throw new InvalidInputException("otpKey", "the name of the environment variable is required");
        }
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(variable, "environment variable is not set: it must hold the OTP key, at least "
                    + MIN_LENGTH + " bytes in base64");
        }
        byte[] decoded;
        try {
            String trimmed = value.strip();
            decoded = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(variable, "environment variable is not base64: it must hold the OTP key, at least "
                    + MIN_LENGTH + " bytes in base64");
        }
        return checked(variable, decoded);
    }

    private static OtpKey checked(String parameter, byte[] key) {
        if (key == null) {
            throw new InvalidInputException(parameter, "is required: the OTP key, at least " + MIN_LENGTH + " bytes");
        }
        if (key.length < MIN_LENGTH) {
            throw new InvalidInputException(parameter, "the OTP key must be at least " + MIN_LENGTH + " bytes, got " + key.length);
        }
        return new OtpKey(key.clone());
    }

    /**
     * The stored form of a code: lower-case hex of HMAC-SHA256(key, salt followed by the code's UTF-8 bytes),
     * what {@code issueCode} stores and {@code verifyCode} compares.
     */
    public String hash(byte[] salt, String code) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(salt);
            return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(HMAC + " is not available in this JVM: run the API on a Java runtime that has it (every standard one does)", e);
        }
    }

    @Override
    public String toString() {
        return "OtpKey[hidden]";
    }
}
