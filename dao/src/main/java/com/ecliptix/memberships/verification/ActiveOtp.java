package com.ecliptix.memberships.verification;

import java.time.Instant;
import java.util.UUID;

/** A flow's active, unexpired one-time password. */
public record ActiveOtp(UUID otpUniqueId, Instant expiresAt, OtpStatus status) {
}
