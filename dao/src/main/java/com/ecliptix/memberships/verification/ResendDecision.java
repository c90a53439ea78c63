package com.ecliptix.memberships.verification;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether a flow may get a new OTP now.
 *
 * @param outcome    the decision
 * @param retryAfter how long to wait, with {@link ResendOutcome#RESEND_COOLDOWN_ACTIVE}
 */
public record ResendDecision(ResendOutcome outcome, Optional<Duration> retryAfter) {
}
