package com.ecliptix.memberships.audit;

import java.time.Instant;

/**
 * One row of {@code EventLog}.
 *
 * @param id        the row's id (increasing)
 * @param type      its kind
 * @param eventType the stored type code, e.g. {@code otp_check_limit}
 * @param message   what happened, naming the subject and the numbers involved (never a secret)
 * @param createdAt when, by the database clock (UTC)
 */
public record SecurityEvent(long id, SecurityEventType type, String eventType, String message, Instant createdAt) {
}
