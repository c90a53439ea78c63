package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.RoutineFixtures.createMembership;
import static com.ecliptix.memberships.routines.RoutineFixtures.device;
import static com.ecliptix.memberships.routines.RoutineFixtures.flow;
import static com.ecliptix.memberships.routines.RoutineFixtures.initiate;
import static com.ecliptix.memberships.routines.RoutineFixtures.insertOtp;
import static com.ecliptix.memberships.routines.RoutineFixtures.login;
import static com.ecliptix.memberships.routines.RoutineFixtures.newOtp;
import static com.ecliptix.memberships.routines.RoutineFixtures.phone;
import static com.ecliptix.memberships.routines.RoutineFixtures.state;
import static com.ecliptix.memberships.routines.RoutineFixtures.updateOtp;
import static com.ecliptix.memberships.routines.RoutineFixtures.verifiedRegistration;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ecliptix.memberships.routines.RoutineFixtures.Flow;
import com.ecliptix.memberships.routines.RoutineFixtures.Phone;
import com.ecliptix.memberships.routines.RoutineFixtures.VerifiedFlow;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The limits hold when many callers hit the same subject at the same instant (real threads, real transactions). */
@DatabaseTest
class RoutineConcurrencyTest {

    private static Map<String, Long> tally(List<String> outcomes) {
        return new TreeMap<>(outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    }

    @Test
    void fortyDevicesStartingFlowsForOnePhoneAtOnceCreateExactlyThePerHourLimit(TestDatabase db) throws Exception {
        Phone phone = phone(db, null);
        List<UUID> devices = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            devices.add(device(db));
        }

        List<String> outcomes = Concurrently.run(40, i -> initiate(db, devices.get(i), phone.id(), "login", null).getOutcome());

        assertEquals(Map.of("created", 30L, "rate_limited", 10L), tally(outcomes));
        assertEquals(30, db.count("VerificationFlows",
                "\"PhoneNumberId\" = (SELECT p.\"Id\" FROM dbo.\"PhoneNumbers\" p WHERE p.\"UniqueId\" = ?)", phone.id()));
        assertEquals(10, db.count("EventLog", "\"EventType\" = 'rate_limited' AND \"Message\" LIKE ?", "%" + phone.number() + "%"));
    }

    @Test
    void tenCallsForOneTripleAtOnceCreateOneFlowAndRetrieveIt(TestDatabase db) throws Exception {
        UUID device = device(db);
        Phone phone = phone(db, device);

        List<UUID> flows = Concurrently.run(10, i -> initiate(db, device, phone.id(), "registration", null).getFlowUniqueId());

        assertEquals(1, flows.stream().distinct().count());
        assertEquals(1, db.count("VerificationFlows", "\"AppDeviceId\" = ?", device));
    }

    @Test
    void tenOtpInsertsForOneFlowAtOnceCreateOneAndHitTheCooldown(TestDatabase db) throws Exception {
        Flow flow = flow(db, "registration");
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(2));

        List<String> outcomes = Concurrently.run(10, i -> insertOtp(db, flow.id(), expiresAt).getOutcome());

        assertEquals(Map.of("created", 1L, "resend_cooldown_active", 9L), tally(outcomes));
        assertEquals((short) 1, state(db, flow.id()).getOtpCount());
        assertEquals(1, db.count("OtpRecords", "\"FlowUniqueId\" = ?", flow.id()));
    }

    @Test
    void tenVerificationsOfOneOtpAtOnceVerifyItOnce(TestDatabase db) throws Exception {
        Flow flow = flow(db, "registration");
        UUID otp = newOtp(db, flow.id());

        List<String> outcomes = Concurrently.run(10, i -> updateOtp(db, otp, "verified").getOutcome());

        assertEquals(1, outcomes.stream().filter("updated"::equals).count(), outcomes.toString());
        assertEquals("verified", state(db, flow.id()).getStatus());
    }

    @Test
    void tenCreationsFromOneVerifiedFlowAtOnceCreateOneMembership(TestDatabase db) throws Exception {
        VerifiedFlow verified = verifiedRegistration(db, 3L);

        List<String> outcomes = Concurrently.run(10, i -> createMembership(db, verified.flow().id(), 3L, verified.otp()).getOutcome());

        assertEquals(Map.of("created", 1L, "membership_already_exists", 9L), tally(outcomes));
        assertEquals(1, db.count("Memberships", "\"PhoneNumberId\" = ?", verified.flow().phone().id()));
    }

    @Test
    void tenFailingCreationsAtOnceAreCutOffAtTheHourlyLimit(TestDatabase db) throws Exception {
        Flow flow = flow(db, "registration");
        UUID otp = newOtp(db, flow.id());

        List<String> outcomes = Concurrently.run(10, i -> createMembership(db, flow.id(), null, otp).getOutcome());

        assertEquals(Map.of("flow_not_verified", 5L, "rate_limited", 5L), tally(outcomes));
    }

    @Test
    void twentyFailedLoginsAtOnceLockOnceAndTheRestAreLockedOut(TestDatabase db) throws Exception {
        String number = Phones.unique();

        List<String> outcomes = Concurrently.run(20, i -> login(db, number).getOutcome());

        assertEquals(Map.of("locked_out", 15L, "phone_number_not_found", 5L), tally(outcomes));
        assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", number));
        assertEquals(1, db.count("EventLog", "\"EventType\" = 'lockout' AND \"Message\" LIKE ?", "%" + number + "%"));
    }
}
