package com.ecliptix.memberships.verification;

import java.time.Instant;
import java.util.UUID;

/**
 * A flow's active, unexpired one-time password.
 *
 * @param salt the salt stored with its hash, with which an entered code is hashed before it is checked
 */
public record ActiveOtp(UUID otpUniqueId, Instant expiresAt, OtpStatus status, String salt) {
}
