package com.ecliptix.memberships.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.EcliptixMembershipsMetrics;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.Tables;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.VerifyOtp;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.Purpose;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API's Micrometer metrics over real calls: a timer per routine and outcome, the limit counters, and
 * HikariCP's gauges of the pool the API built. Limits are lowered first (through the owner) so that a few
 * calls reach them.
 */
@DatabaseTest
class MetricsTest {

    private static final String HASH = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @Test
    void callsAreTimedByRoutineAndOutcomeAndTheLimitsCounted(TestDatabase db) {
        EcliptixMemberships owner = EcliptixMemberships.builder().dataSource(db.ownerDataSource()).build();
        owner.configuration().setLimit(Limit.MAX_FLOWS_PER_HOUR, 2);
        owner.configuration().setLimit(Limit.MAX_FAILED_LOGINS, 2);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConnectionSettings app = db.applicationLogin().settings();
        try (EcliptixMemberships api = EcliptixMemberships.builder().jdbc(app.jdbcUrl(), app.user(), app.password()).maximumPoolSize(3).build()) {
            long beforeBinding = api.configuration().limit(Limit.MAX_FLOWS_PER_HOUR);
            assertEquals(2, beforeBinding);
            new EcliptixMembershipsMetrics(api).bindTo(registry);

            // Two devices start flows for one phone; the third is refused by the limit of 2 per hour.
            String phone = Phones.unique();
            UUID flow = null;
            for (int i = 0; i < 3; i++) {
                UUID device = api.devices().register(UUID.randomUUID(), UUID.randomUUID()).deviceUniqueId();
                var start = api.verification().startForPhoneNumber(device, phone, "US", Purpose.REGISTRATION, null);
                assertEquals(i < 2 ? FlowStartOutcome.CREATED : FlowStartOutcome.RATE_LIMITED, start.flow().outcome());
                flow = i == 0 ? start.flow().flowUniqueId().orElseThrow() : flow;
            }

            // One wrong code, through the generated routines: counted as a failed OTP check.
            InsertOtpRecord otp = new InsertOtpRecord();
            otp.setFlowUniqueId(flow);
            otp.setOtpHash(HASH);
            otp.setOtpSalt("00112233445566778899aabbccddeeff");
            otp.setExpiresAt(Instant.now().plusSeconds(120));
            assertEquals("created", api.generatedRoutines().execute(otp).getOutcome());
            VerifyOtp wrong = new VerifyOtp();
            wrong.setFlowUniqueId(flow);
            wrong.setOtpHash(HASH.replace('0', '9'));
            assertEquals("invalid_code", api.generatedRoutines().execute(wrong).getOutcome());

            // Two failed logins start a lockout; the third login is refused by it.
            String unknown = Phones.unique();
            assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, api.logins().login(unknown).outcome());
            assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, api.logins().login(unknown).outcome());
            assertEquals(LoginOutcome.LOCKED_OUT, api.logins().login(unknown).outcome());

            // A table-valued function found and not found, and a read that failed before the database.
            assertTrue(api.verification().flowState(flow).isPresent());
            assertTrue(api.verification().flowState(UUID.randomUUID()).isEmpty());
            assertThrows(IllegalArgumentException.class, () -> api.generatedRoutines().fetchOne(Tables.GET_FULL_FLOW_STATE, "x"));

            assertEquals(2, calls(registry, "InitiateVerificationFlow", "created"));
            assertEquals(1, calls(registry, "InitiateVerificationFlow", "rate_limited"));
            assertEquals(3, calls(registry, "RegisterAppDeviceIfNotExists", "created"));
            assertEquals(1, calls(registry, "VerifyOtp", "invalid_code"));
            assertEquals(2, calls(registry, "LoginMembership", "phone_number_not_found"));
            assertEquals(1, calls(registry, "LoginMembership", "locked_out"));
            assertEquals(1, calls(registry, "GetFullFlowState", "found"));
            assertEquals(1, calls(registry, "GetFullFlowState", "not_found"));
            assertEquals(1, calls(registry, "GetFullFlowState", "error"));
            assertNull(registry.find(EcliptixMembershipsMetrics.CALLS).tag("routine", "GetConfigValue").timer(),
                    "the calls before binding are not recorded");

            assertEquals(1.0, registry.get(EcliptixMembershipsMetrics.RATE_LIMITED).tag("routine", "InitiateVerificationFlow").counter().count());
            assertEquals(1.0, registry.get(EcliptixMembershipsMetrics.FAILED_OTP_CHECKS).tag("routine", "VerifyOtp").counter().count());
            assertEquals(1.0, registry.get(EcliptixMembershipsMetrics.LOCKOUTS).counter().count());

            Timer login = registry.get(EcliptixMembershipsMetrics.CALLS).tags("routine", "LoginMembership", "outcome", "locked_out").timer();
            assertTrue(login.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0, "the call's time is recorded");

            // HikariCP's own meters of the pool the API built (3 connections at most).
            assertEquals(3.0, registry.get("hikaricp.connections.max").tag("pool", "ecliptix-memberships").gauge().value());
            assertNotNull(registry.find("hikaricp.connections.acquire").timer());

            for (Meter meter : registry.getMeters()) {
                String id = meter.getId().toString();
                assertTrue(!id.contains(phone) && !id.contains(unknown) && !id.contains(HASH) && !id.contains(app.jdbcUrl()),
                        "no meter names a phone number, hash or URL: " + id);
            }
        }
    }

    @Test
    void anApplicationsOwnPoolIsTheApplicationsToBind(TestDatabase db) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EcliptixMemberships api = EcliptixMemberships.builder().dataSource(db.dataSource()).build();
        new EcliptixMembershipsMetrics(api).bindTo(registry);

        api.configuration().limit(Limit.MAX_FLOWS_PER_HOUR);

        assertEquals(1, calls(registry, "GetConfigValue", "returned"));
        assertTrue(registry.find("hikaricp.connections.max").gauges().isEmpty(), "no pool of the API's own");
    }

    private static long calls(SimpleMeterRegistry registry, String routine, String outcome) {
        Timer timer = registry.find(EcliptixMembershipsMetrics.CALLS).tags("routine", routine, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
