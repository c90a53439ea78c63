package com.ecliptix.memberships.verification;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to storing a new OTP.
 *
 * @param outcome     what happened
 * @param otpUniqueId the new OTP, with {@link OtpIssueOutcome#CREATED}
 * @param retryAfter  how long to wait, with {@link OtpIssueOutcome#RESEND_COOLDOWN_ACTIVE}
 */
public record OtpIssue(OtpIssueOutcome outcome, Optional<UUID> otpUniqueId, Optional<Duration> retryAfter) {
}
