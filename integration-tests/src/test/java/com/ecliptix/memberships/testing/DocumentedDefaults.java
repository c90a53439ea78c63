package com.ecliptix.memberships.testing;

import com.ecliptix.memberships.configuration.Limit;
import java.util.Map;

/**
 * Each limit's default as the contract (../shared/CONTRACT.md, Limits) and docs/operations.md document it:
 * what the tests expect of the database, which alone holds the defaults (ecliptix_internal.limit_default).
 * LimitDefaultsTest holds the database to this table, key by key; the rules' tests run at these values.
 */
public final class DocumentedDefaults {

    private static final Map<String, Integer> BY_KEY = Map.ofEntries(
            Map.entry("Verification.MaxFlowsPerHour", 30),
            Map.entry("Verification.FlowLifetimeMinutes", 5),
            Map.entry("Verification.VerifiedFlowLifetimeHours", 24),
            Map.entry("OTP.MaxAttempts", 5),
            Map.entry("OTP.ResendCooldownSeconds", 30),
            Map.entry("Authentication.MaxFailedAttempts", 5),
            Map.entry("Authentication.AttemptWindowMinutes", 5),
            Map.entry("Authentication.LockoutDurationMinutes", 5),
            Map.entry("Membership.MaxFailedAttemptsPerHour", 5),
            Map.entry("Authentication.ContextLifetimeHours", 24),
            Map.entry("Authentication.MaxContextsPerMembership", 5),
            Map.entry("Retention.AttemptLogDays", 30),
            Map.entry("Retention.EventLogDays", 90),
            Map.entry("Retention.EndedFlowDays", 30),
            Map.entry("Retention.EndedContextDays", 7),
            Map.entry("Locking.LockTimeoutMilliseconds", 5000));

    private DocumentedDefaults() {
    }

    /** The documented default of a limit. */
    public static int of(Limit limit) {
        Integer value = BY_KEY.get(limit.key());
        if (value == null) {
            throw new IllegalStateException(limit.key() + " has no documented default: add it to the contract and here");
        }
        return value;
    }

    /** Every key with a documented default. */
    public static Map<String, Integer> byKey() {
        return BY_KEY;
    }
}
