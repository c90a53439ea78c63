package com.ecliptix.memberships.verification;

/**
 * A generated one-time password, handed to the caller once to send to the user. It is never stored or
 * logged by this module; {@link #toString()} does not show it, so it cannot leak through a log line of
 * a record that holds it.
 */
public final class OtpCode {

    private final String digits;

    /** A code to send; the API makes them in {@code issueCode} and {@code resendCode}. */
    public OtpCode(String digits) {
        this.digits = digits;
    }

    /** The code to send, e.g. {@code "042917"}. */
    public String digits() {
        return digits;
    }

    @Override
    public String toString() {
        return "OtpCode[hidden]";
    }
}
