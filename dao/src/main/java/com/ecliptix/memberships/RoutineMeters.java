package com.ecliptix.memberships;

import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.generated.routines.UpdateOtpStatus;
import com.ecliptix.memberships.generated.routines.VerifyOtp;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Records each routine call in Micrometer meters (see {@link EcliptixMembershipsMetrics} for what each
 * means). The meters are looked up per call: Micrometer caches them by name and tags.
 */
final class RoutineMeters implements RoutineObserver {

    private static final Set<String> WRONG_CODE = Set.of("invalid_code", "max_failed_attempts_reached");
    private static final Set<String> LOGIN_SUCCESS_OR_REFUSAL = Set.of("success", "locked_out", "invalid_phone_number");

    private final MeterRegistry registry;
    private final Counter lockouts;

    RoutineMeters(MeterRegistry registry) {
        this.registry = registry;
        this.lockouts = Counter.builder(EcliptixMembershipsMetrics.LOCKOUTS)
                .description("Lockouts started by a failed login")
                .register(registry);
    }

    @Override
    public void returned(RoutineCall call, Outputs outputs, long nanos) {
        String routine = outputs.routine();
        String outcome = outputs.outcome().orElse("returned");
        time(routine, outcome, nanos);
        Class<?> type = call.routine();
        if (outcome.equals("rate_limited") && (type == InitiateVerificationFlow.class || type == CreateMembership.class)) {
            count(EcliptixMembershipsMetrics.RATE_LIMITED, "Requests refused by a rate limit", routine);
        } else if (type == VerifyOtp.class && WRONG_CODE.contains(outcome)
                || type == UpdateOtpStatus.class && "failed".equals(call.input(UpdateOtpStatus.NEW_STATUS))
                        && (outcome.equals("updated") || outcome.equals("max_failed_attempts_reached"))) {
            count(EcliptixMembershipsMetrics.FAILED_OTP_CHECKS, "OTP checks that failed", routine);
        } else if (type == LoginMembership.class && !LOGIN_SUCCESS_OR_REFUSAL.contains(outcome)
                && outputs.get(LoginMembership.LOCKED_FOR_SECONDS) != null) {
            lockouts.increment();
        }
    }

    @Override
    public void read(String function, boolean found, long nanos) {
        time(function, found ? "found" : "not_found", nanos);
    }

    @Override
    public void failed(String routine, RuntimeException failure, long nanos) {
        time(routine, "error", nanos);
    }

    private void time(String routine, String outcome, long nanos) {
        Timer.builder(EcliptixMembershipsMetrics.CALLS)
                .description("EcliptixMemberships routine calls by routine and outcome")
                .tag("routine", routine)
                .tag("outcome", outcome)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private void count(String name, String description, String routine) {
        Counter.builder(name).description(description).tag("routine", routine).register(registry).increment();
    }
}
