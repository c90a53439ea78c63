package com.ecliptix.memberships.session;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.internal.Inputs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A session token: 32 random bytes, base64url without padding (43 characters). {@link Sessions#open} hands
 * it out once; the client presents it again with each request ({@link #parse}). The database stores only
 * its SHA-256, so neither a copy of the database nor a log holds a usable token: {@link #toString()}
 * never prints it.
 */
public final class SessionToken {

    /** Random bytes per token. */
    public static final int BYTES = 32;

    private static final Pattern FORMAT = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    private final String value;

    private SessionToken(String value) {
        this.value = value;
    }

    /**
     * A token as the client presented it.
     *
     * @throws InvalidInputException when it is null or not 43 base64url characters
     */
    public static SessionToken parse(String token) {
        Inputs.required("ContextToken", token);
        if (!FORMAT.matcher(token).matches() || Base64.getUrlDecoder().decode(token).length != BYTES) {
            throw new InvalidInputException("ContextToken", "is not a session token (43 base64url characters)");
        }
        return new SessionToken(token);
    }

    /** The token itself, to hand to the client. Never log it. */
    public String value() {
        return value;
    }

    /** What the database stores and looks up: the lower-case hex SHA-256 of the token's text. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigurationException("SHA-256 is missing from this JVM: run the API on a Java runtime that has it (every standard one does)", e);
        }
    }

    /** Compares in constant time, so that a comparison does not tell how much of a guess was right. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SessionToken token
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII), token.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "SessionToken[hidden]";
    }
}
