package com.ecliptix.memberships.configuration;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** The limits stored in SystemConfiguration, with the contract's defaults. Time limits carry their unit. */
public enum Limit {
    /** Flows created for one phone number in the trailing hour. */
    MAX_FLOWS_PER_HOUR("Verification.MaxFlowsPerHour", 30, null),
    /** A new flow's lifetime. */
    FLOW_LIFETIME("Verification.FlowLifetimeMinutes", 5, ChronoUnit.MINUTES),
    /** How long a verified flow stays usable. */
    VERIFIED_FLOW_LIFETIME("Verification.VerifiedFlowLifetimeHours", 24, ChronoUnit.HOURS),
    /** OTP codes issued per flow, and failed OTP checks per flow. */
    MAX_OTP_ATTEMPTS("OTP.MaxAttempts", 5, null),
    /** Minimum gap between two OTPs of one flow. */
    RESEND_COOLDOWN("OTP.ResendCooldownSeconds", 30, ChronoUnit.SECONDS),
    /** Failed logins for one phone number in the login window. */
    MAX_FAILED_LOGINS("Authentication.MaxFailedAttempts", 5, null),
    /** The login window. */
    LOGIN_ATTEMPT_WINDOW("Authentication.AttemptWindowMinutes", 5, ChronoUnit.MINUTES),
    /** The first lockout; each further lockout within 24 hours doubles it, up to 24 hours. */
    LOCKOUT_DURATION("Authentication.LockoutDurationMinutes", 5, ChronoUnit.MINUTES),
    /** Failed membership creations for one phone number in the trailing hour. */
    MAX_FAILED_MEMBERSHIP_CREATIONS_PER_HOUR("Membership.MaxFailedAttemptsPerHour", 5, null),
    /** A session's lifetime at its creation and at each refresh. */
    SESSION_LIFETIME("Authentication.ContextLifetimeHours", 24, ChronoUnit.HOURS),
    /** Active sessions of one membership; a new one beyond it ends the oldest. */
    MAX_SESSIONS_PER_MEMBERSHIP("Authentication.MaxContextsPerMembership", 5, null),
    /** How long login and membership attempts are kept (at least a day). */
    ATTEMPT_LOG_RETENTION("Retention.AttemptLogDays", 30, ChronoUnit.DAYS),
    /** How long security events are kept (at least a day). */
    EVENT_LOG_RETENTION("Retention.EventLogDays", 90, ChronoUnit.DAYS),
    /** How long ended verification flows that no membership references are kept after their expiry (at least a day). */
    ENDED_FLOW_RETENTION("Retention.EndedFlowDays", 30, ChronoUnit.DAYS),
    /** How long ended sessions are kept (at least a day). */
    ENDED_SESSION_RETENTION("Retention.EndedContextDays", 7, ChronoUnit.DAYS);

    private final String key;
    private final int defaultValue;
    private final ChronoUnit unit;

    Limit(String key, int defaultValue, ChronoUnit unit) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.unit = unit;
    }

    /** The SystemConfiguration key. */
    public String key() {
        return key;
    }

    /** The value the database uses when the stored one is missing or does not parse. */
    public int defaultValue() {
        return defaultValue;
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
