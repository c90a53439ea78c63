package com.ecliptix.memberships;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;

/**
 * The API's metrics in the application's Micrometer registry. Micrometer is an optional dependency: an
 * application without it never loads this class, and the API then records nothing.
 *
 * <pre>{@code
 * new EcliptixMembershipsMetrics(db).bindTo(registry);   // Spring Boot binds a MeterBinder bean by itself
 * }</pre>
 *
 * Every routine call from then on, of the typed API and of {@link GeneratedRoutines} alike, is timed:
 * <ul>
 *   <li>{@value #CALLS} (timer), tags {@code routine} (the contract's name) and {@code outcome}: the
 *       routine's {@code Outcome} (or {@code Result}) output as the database answered it, {@code returned}
 *       for a routine without one, {@code found} / {@code not_found} for a table-valued function, and
 *       {@code error} for a call that threw;</li>
 *   <li>{@value #RATE_LIMITED} (counter), tag {@code routine}: requests refused by a rate limit
 *       ({@code InitiateVerificationFlow}, {@code CreateMembership} answering {@code rate_limited});</li>
 *   <li>{@value #LOCKOUTS} (counter): lockouts started by a failed login ({@code LoginMembership}'s failure
 *       that sets {@code LockedForSeconds}); refused logins of a locked phone are the timer's
 *       {@code locked_out} outcome;</li>
 *   <li>{@value #FAILED_OTP_CHECKS} (counter), tag {@code routine}: wrong codes ({@code VerifyOtp} answering
 *       {@code invalid_code} or {@code max_failed_attempts_reached}) and OTPs marked {@code failed} through
 *       {@code UpdateOtpStatus}.</li>
 * </ul>
 * When the API built its own HikariCP pool (JDBC settings rather than a data source), the pool's own
 * metrics ({@code hikaricp.connections...}, tag {@code pool}) are bound too; a pool of the application's
 * is the application's to bind. No tag carries a phone number, code, key or URL.
 */
public final class EcliptixMembershipsMetrics implements MeterBinder {

    public static final String CALLS = "ecliptix.routine.calls";
    public static final String RATE_LIMITED = "ecliptix.rate.limited";
    public static final String LOCKOUTS = "ecliptix.lockouts";
    public static final String FAILED_OTP_CHECKS = "ecliptix.otp.checks.failed";

    private final EcliptixMemberships api;

    public EcliptixMembershipsMetrics(EcliptixMemberships api) {
        this.api = api;
    }

    /**
     * Starts recording the API's calls in the registry, and binds the API's own pool. Each registry is
     * bound once; HikariCP takes one registry per pool, so a second registry gets the routine metrics only.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        api.routineCalls().observe(new RoutineMeters(registry));
        Optional.ofNullable(api.ownPool())
                .filter(pool -> pool.getMetricRegistry() == null && pool.getMetricsTrackerFactory() == null)
                .ifPresent(pool -> pool.setMetricRegistry(registry));
    }
}
