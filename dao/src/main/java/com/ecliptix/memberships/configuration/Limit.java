package com.ecliptix.memberships.configuration;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The limits stored in SystemConfiguration. Time limits carry their unit. Their defaults are the
 * database's (ecliptix_internal.limit_default, one per engine), read with {@link Configuration#setting(Limit)}.
 */
public enum Limit {
    /** Flows created for one phone number in the trailing hour. */
    MAX_FLOWS_PER_HOUR("Verification.MaxFlowsPerHour", null),
    /** A new flow's lifetime. */
    FLOW_LIFETIME("Verification.FlowLifetimeMinutes", ChronoUnit.MINUTES),
    /** How long a verified flow stays usable. */
    VERIFIED_FLOW_LIFETIME("Verification.VerifiedFlowLifetimeHours", ChronoUnit.HOURS),
    /** OTP codes issued per flow, and failed OTP checks per flow. */
    MAX_OTP_ATTEMPTS("OTP.MaxAttempts", null),
    /** Minimum gap between two OTPs of one flow. */
    RESEND_COOLDOWN("OTP.ResendCooldownSeconds", ChronoUnit.SECONDS),
    /** Failed logins for one phone number in the login window. */
    MAX_FAILED_LOGINS("Authentication.MaxFailedAttempts", null),
    /** The login window. */
    LOGIN_ATTEMPT_WINDOW("Authentication.AttemptWindowMinutes", ChronoUnit.MINUTES),
    /** The first lockout; each further lockout within 24 hours doubles it, up to 24 hours. */
    LOCKOUT_DURATION("Authentication.LockoutDurationMinutes", ChronoUnit.MINUTES),
    /** Failed membership creations for one phone number in the trailing hour. */
    MAX_FAILED_MEMBERSHIP_CREATIONS_PER_HOUR("Membership.MaxFailedAttemptsPerHour", null),
    /** A session's lifetime at its creation and at each refresh. */
    SESSION_LIFETIME("Authentication.ContextLifetimeHours", ChronoUnit.HOURS),
    /** Active sessions of one membership; a new one beyond it ends the oldest. */
    MAX_SESSIONS_PER_MEMBERSHIP("Authentication.MaxContextsPerMembership", null),
    /** How long login and membership attempts are kept (at least a day). */
    ATTEMPT_LOG_RETENTION("Retention.AttemptLogDays", ChronoUnit.DAYS),
    /** How long security events are kept (at least a day). */
    EVENT_LOG_RETENTION("Retention.EventLogDays", ChronoUnit.DAYS),
    /** How long ended verification flows that no membership references are kept after their expiry (at least a day). */
    ENDED_FLOW_RETENTION("Retention.EndedFlowDays", ChronoUnit.DAYS),
    /** How long ended sessions are kept (at least a day). */
    ENDED_SESSION_RETENTION("Retention.EndedContextDays", ChronoUnit.DAYS),
    /** How long a routine waits for the lock of its subject (a phone, a flow, a membership) before it fails and writes nothing. */
    LOCK_TIMEOUT("Locking.LockTimeoutMilliseconds", ChronoUnit.MILLIS);

    private final String key;
    private final ChronoUnit unit;

    Limit(String key, ChronoUnit unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The SystemConfiguration key. */
    public String key() {
        return key;
    }

    /** True for limits that are durations (see {@link Configuration#duration(Limit)}). */
    public boolean isDuration() {
        return unit != null;
    }

    /** The unit of a duration limit's stored value (minutes, hours or seconds), or null for a count. */
    public ChronoUnit unit() {
        return unit;
    }

    /** A stored value of this duration limit as a duration. */
    public Duration toDuration(int value) {
        return Duration.of(value, unit);
    }
}
