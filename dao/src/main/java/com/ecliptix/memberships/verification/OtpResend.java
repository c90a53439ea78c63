package com.ecliptix.memberships.verification;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to {@link Verification#resendOtp}: the resend check and, when allowed, the new OTP.
 *
 * @param outcome     {@link ResendOutcome#RESEND_ALLOWED} when the new OTP was stored, else why not
 * @param otpUniqueId the new OTP, with {@link ResendOutcome#RESEND_ALLOWED}
 * @param retryAfter  how long to wait, with {@link ResendOutcome#RESEND_COOLDOWN_ACTIVE}
 */
public record OtpResend(ResendOutcome outcome, Optional<UUID> otpUniqueId, Optional<Duration> retryAfter) {
}
