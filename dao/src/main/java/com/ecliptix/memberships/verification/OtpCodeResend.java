package com.ecliptix.memberships.verification;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to {@link Verification#resendCode}: like {@link OtpResend}, plus the generated code to send.
 *
 * @param outcome     {@link ResendOutcome#RESEND_ALLOWED} when the new OTP is stored, otherwise why not
 * @param otpUniqueId the new OTP, when stored
 * @param retryAfter  how long to wait, with {@link ResendOutcome#RESEND_COOLDOWN_ACTIVE}
 * @param code        the code to send to the user, when the new OTP is stored
 */
public record OtpCodeResend(ResendOutcome outcome, Optional<UUID> otpUniqueId, Optional<Duration> retryAfter,
        Optional<OtpCode> code) {
}
