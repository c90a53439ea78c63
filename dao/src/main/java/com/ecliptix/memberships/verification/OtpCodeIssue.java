package com.ecliptix.memberships.verification;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to {@link Verification#issueCode}: like {@link OtpIssue}, plus the generated code to send.
 *
 * @param outcome     what happened
 * @param otpUniqueId the new OTP, with {@link OtpIssueOutcome#CREATED}
 * @param retryAfter  how long to wait, with {@link OtpIssueOutcome#RESEND_COOLDOWN_ACTIVE}
 * @param code        the code to send to the user, with {@link OtpIssueOutcome#CREATED} only
 */
public record OtpCodeIssue(OtpIssueOutcome outcome, Optional<UUID> otpUniqueId, Optional<Duration> retryAfter,
        Optional<OtpCode> code) {
}
