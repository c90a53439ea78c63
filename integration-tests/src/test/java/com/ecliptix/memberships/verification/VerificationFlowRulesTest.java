package com.ecliptix.memberships.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Verification flows: 30 per phone per hour, 5 minutes to live, 24 hours once verified. */
@DatabaseTest
class VerificationFlowRulesTest {

    @Test
    void thirtyFlowsPerPhonePerHourAndTheThirtyFirstIsRateLimited(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID phone = fixtures.phone(Phones.unique(), fixtures.device());
        for (int i = 0; i < 30; i++) {
            assertEquals(FlowStartOutcome.CREATED, start(db, fixtures.device(), phone).outcome(), "flow " + (i + 1));
        }
        long events = db.count("EventLog");

        FlowStart thirtyFirst = start(db, fixtures.device(), phone);

        assertEquals(FlowStartOutcome.RATE_LIMITED, thirtyFirst.outcome());
        assertTrue(thirtyFirst.flowUniqueId().isEmpty());
        assertEquals(events + 1, db.count("EventLog"), "a rate_limited start writes one security event");
    }

    @Test
    void aNewFlowIsAllowedOnceTheOldestLeavesTheHourWindow(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID phone = fixtures.phone(Phones.unique(), fixtures.device());
        UUID oldest = start(db, fixtures.device(), phone).flowUniqueId().orElseThrow();
        for (int i = 1; i < 30; i++) {
            start(db, fixtures.device(), phone);
        }
        assertEquals(FlowStartOutcome.RATE_LIMITED, start(db, fixtures.device(), phone).outcome());

        db.backdate("VerificationFlows", "CreatedAt", Duration.ofMinutes(60).plusSeconds(1), "\"UniqueId\" = ?", oldest);

        assertEquals(FlowStartOutcome.CREATED, start(db, fixtures.device(), phone).outcome());
        assertEquals(FlowStartOutcome.RATE_LIMITED, start(db, fixtures.device(), phone).outcome());
    }

    @Test
    void hundredThreadsStartingFlowsForOnePhoneFromHundredDevicesCreateExactlyThirty(TestDatabase db) throws Exception {
        Fixtures fixtures = new Fixtures(db);
        UUID phone = fixtures.phone(Phones.unique(), fixtures.device());
        List<UUID> devices = IntStream.range(0, 100).mapToObj(i -> fixtures.device()).toList();

        List<FlowStart> starts = Concurrently.run(100, i -> start(db, devices.get(i), phone));

        assertEquals(30, starts.stream().filter(s -> s.outcome() == FlowStartOutcome.CREATED).count());
        assertEquals(70, starts.stream().filter(s -> s.outcome() == FlowStartOutcome.RATE_LIMITED).count());
        assertEquals(30, db.count("VerificationFlows", "\"PhoneNumberId\" = (SELECT p.\"Id\" FROM dbo.\"PhoneNumbers\" p WHERE p.\"UniqueId\" = ?)", phone));
    }

    @Test
    void theSameDeviceGetsItsPendingFlowBackInsteadOfASecondOne(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        UUID first = start(db, device, phone).flowUniqueId().orElseThrow();

        FlowStart again = start(db, device, phone);

        assertEquals(FlowStartOutcome.RETRIEVED, again.outcome());
        assertEquals(first, again.flowUniqueId().orElseThrow());
    }

    @Test
    void aFlowExpiresFiveMinutesAfterItStarts(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        Instant before = Instant.now();
        UUID flow = start(db, device, phone).flowUniqueId().orElseThrow();

        Duration lifetime = Duration.between(before, db.api().verification().flowState(flow).orElseThrow().expiresAt());
        assertTrue(lifetime.compareTo(Duration.ofMinutes(4)) > 0 && lifetime.compareTo(Duration.ofMinutes(6)) < 0,
                "lifetime " + lifetime);

        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofMinutes(5).plusSeconds(1), "\"UniqueId\" = ?", flow);

        assertEquals(ResendOutcome.FLOW_EXPIRED, db.api().verification().requestResend(flow).outcome());
        assertEquals(FlowStatus.EXPIRED, db.api().verification().flowState(flow).orElseThrow().status());
        FlowStart next = start(db, device, phone);
        assertEquals(FlowStartOutcome.CREATED, next.outcome());
        assertNotEquals(flow, next.flowUniqueId().orElseThrow());
    }

    @Test
    void anExpiredPendingFlowIsReplacedByANewOneOnTheNextStart(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        UUID flow = start(db, device, phone).flowUniqueId().orElseThrow();
        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofMinutes(6), "\"UniqueId\" = ?", flow);

        FlowStart next = start(db, device, phone);

        assertEquals(FlowStartOutcome.CREATED, next.outcome());
        assertEquals(FlowStatus.EXPIRED, db.api().verification().flowState(flow).orElseThrow().status());
    }

    @Test
    void aVerifiedFlowStaysUsableForTwentyFourHours(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.VerifiedRegistration registration = fixtures.verifiedRegistration();
        Instant verifiedAt = Instant.now();

        FlowState state = db.api().verification().flowState(registration.flow()).orElseThrow();
        Duration usableFor = Duration.between(verifiedAt, state.expiresAt());
        assertEquals(FlowStatus.VERIFIED, state.status());
        assertTrue(usableFor.compareTo(Duration.ofHours(23)) > 0 && usableFor.compareTo(Duration.ofHours(25)) < 0,
                "usable for " + usableFor);

        FlowStart again = db.api().verification().start(registration.device(), registration.phone(), Purpose.REGISTRATION, registration.connection());
        assertEquals(FlowStartOutcome.VERIFIED, again.outcome());
        assertEquals(registration.flow(), again.flowUniqueId().orElseThrow());

        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofHours(24), "\"UniqueId\" = ?", registration.flow());

        FlowStart afterADay = db.api().verification().start(registration.device(), registration.phone(), Purpose.REGISTRATION, registration.connection());
        assertEquals(FlowStartOutcome.CREATED, afterADay.outcome());
    }

    @Test
    void startingForAPhoneNumberWithAnUnregisteredDeviceWritesNothing(TestDatabase db) {
        long before = db.totalRows();

        assertThrows(InvalidInputException.class,
                () -> db.api().verification().startForPhoneNumber(UUID.randomUUID(), Phones.unique(), "US", Purpose.LOGIN, null));

        assertEquals(before, db.totalRows());
    }

    @Test
    void unknownPhonesAndDevicesAreReportedAndWriteNothing(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        long before = db.totalRows();

        assertEquals(FlowStartOutcome.PHONE_NOT_FOUND, start(db, device, UUID.randomUUID()).outcome());
        assertEquals(FlowStartOutcome.DEVICE_NOT_FOUND, start(db, UUID.randomUUID(), phone).outcome());
        assertEquals(before, db.totalRows());
    }

    private static FlowStart start(TestDatabase db, UUID device, UUID phone) {
        return db.api().verification().start(device, phone, Purpose.REGISTRATION, Fixtures.connection());
    }
}
