package com.ecliptix.memberships.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Verification flows, through the API: the rules of {@code Verification.MaxFlowsPerHour} (30 flows per phone
 * in the trailing hour, a sliding window), {@code Verification.FlowLifetimeMinutes} (5 minutes to live) and
 * {@code Verification.VerifiedFlowLifetimeHours} (24 hours once verified), also under concurrent starts.
 * The routine-level test of InitiateVerificationFlow ({@code routines.VerificationRoutinesTest}) keeps only
 * the raw codes and the input the API refuses before calling.
 */
@DatabaseTest
class VerificationFlowRulesTest {

    private static final String FLOWS_OF_PHONE = "\"PhoneNumberId\" = (SELECT p.\"Id\" FROM dbo.\"PhoneNumbers\" p WHERE p.\"UniqueId\" = ?)";
    private static final int MAX_FLOWS_PER_HOUR = DocumentedDefaults.of(Limit.MAX_FLOWS_PER_HOUR);

    @Test
    void thirtyFlowsPerPhonePerHourOfEveryStatusAndTheThirtyFirstIsRateLimited(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        String number = Phones.unique();
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(number, device);
        // Every flow of the hour counts, whatever its status: pending (each on a device of its own), failed,
        // expired, or verified and then expired.
        for (int i = 0; i < MAX_FLOWS_PER_HOUR; i++) {
            FlowStart start = i % 4 == 0 ? start(db, fixtures.device(), phone)
                    : db.api().verification().start(device, phone, Purpose.LOGIN, null);
            assertEquals(FlowStartOutcome.CREATED, start.outcome(), "flow " + (i + 1));
            end(db, start.flowUniqueId().orElseThrow(), i % 4);
        }
        long events = db.count("EventLog");

        FlowStart thirtyFirst = start(db, fixtures.device(), phone);

        assertEquals(FlowStartOutcome.RATE_LIMITED, thirtyFirst.outcome());
        assertTrue(thirtyFirst.flowUniqueId().isEmpty());
        assertEquals(events + 1, db.count("EventLog"), "a rate_limited start writes one security event");
        assertEquals(1, db.count("EventLog", "\"EventType\" = 'rate_limited' AND \"Message\" LIKE ?", "%" + number + "%"));
        assertEquals(MAX_FLOWS_PER_HOUR, db.count("VerificationFlows", FLOWS_OF_PHONE, phone));
    }

    /** Leaves flow {@code i} of the limit test pending (0), failed (1), expired (2), or verified then expired (3). */
    private static void end(TestDatabase db, UUID flow, int how) {
        Verification verification = db.api().verification();
        switch (how) {
            case 1 -> assertEquals(FlowStatusOutcome.UPDATED, verification.updateFlowStatus(flow, FlowStatus.FAILED));
            case 2 -> assertEquals(FlowStatusOutcome.UPDATED, verification.updateFlowStatus(flow, FlowStatus.EXPIRED));
            case 3 -> {
                assertEquals(FlowStatusOutcome.UPDATED, verification.updateFlowStatus(flow, FlowStatus.VERIFIED));
                assertEquals(FlowStatusOutcome.UPDATED, verification.updateFlowStatus(flow, FlowStatus.EXPIRED));
            }
            default -> { }
        }
    }

    @Test
    void theHourlyLimitIsPerPhoneNumber(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        for (int i = 0; i < MAX_FLOWS_PER_HOUR; i++) {
            end(db, db.api().verification().start(device, phone, Purpose.LOGIN, null).flowUniqueId().orElseThrow(), 1);
        }
        assertEquals(FlowStartOutcome.RATE_LIMITED, db.api().verification().start(device, phone, Purpose.LOGIN, null).outcome());

        UUID other = fixtures.phone(Phones.unique(), device);

        assertEquals(FlowStartOutcome.CREATED, db.api().verification().start(device, other, Purpose.LOGIN, null).outcome());
    }

    @Test
    void aLivePendingFlowIsRetrievedEvenWhenThePhoneIsAtItsHourlyLimit(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        for (int i = 0; i < MAX_FLOWS_PER_HOUR - 1; i++) {
            end(db, db.api().verification().start(device, phone, Purpose.LOGIN, null).flowUniqueId().orElseThrow(), 1);
        }
        UUID pending = db.api().verification().start(device, phone, Purpose.LOGIN, null).flowUniqueId().orElseThrow();
        long events = db.count("EventLog");

        FlowStart again = db.api().verification().start(device, phone, Purpose.LOGIN, null);

        assertEquals(FlowStartOutcome.RETRIEVED, again.outcome());
        assertEquals(pending, again.flowUniqueId().orElseThrow());
        assertEquals(events, db.count("EventLog"), "retrieving a flow writes no event");
        assertEquals(FlowStartOutcome.RATE_LIMITED, db.api().verification().start(device, phone, Purpose.REGISTRATION, null).outcome());
    }

    @Test
    void aNewFlowIsAllowedOnceTheOldestLeavesTheHourWindow(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID phone = fixtures.phone(Phones.unique(), fixtures.device());
        UUID oldest = start(db, fixtures.device(), phone).flowUniqueId().orElseThrow();
        for (int i = 1; i < MAX_FLOWS_PER_HOUR; i++) {
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
        String number = Phones.unique();
        UUID phone = fixtures.phone(number, fixtures.device());
        List<UUID> devices = IntStream.range(0, 100).mapToObj(i -> fixtures.device()).toList();

        List<FlowStart> starts = Concurrently.run(100, i -> start(db, devices.get(i), phone));

        assertEquals(MAX_FLOWS_PER_HOUR, starts.stream().filter(s -> s.outcome() == FlowStartOutcome.CREATED).count());
        assertEquals(100 - MAX_FLOWS_PER_HOUR, starts.stream().filter(s -> s.outcome() == FlowStartOutcome.RATE_LIMITED).count());
        assertEquals(MAX_FLOWS_PER_HOUR, db.count("VerificationFlows", FLOWS_OF_PHONE, phone));
        assertEquals(100 - MAX_FLOWS_PER_HOUR, db.count("EventLog", "\"EventType\" = 'rate_limited' AND \"Message\" LIKE ?", "%" + number + "%"),
                "one security event per refused start");
    }

    @Test
    void tenParallelStartsForOneDevicePhoneAndPurposeCreateOneFlowAndRetrieveIt(TestDatabase db) throws Exception {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);

        List<FlowStart> starts = Concurrently.run(10, i -> db.api().verification().start(device, phone, Purpose.REGISTRATION, null));

        assertEquals(1, starts.stream().map(s -> s.flowUniqueId().orElseThrow()).distinct().count());
        assertEquals(1, starts.stream().filter(s -> s.outcome() == FlowStartOutcome.CREATED).count());
        assertEquals(1, db.count("VerificationFlows", "\"AppDeviceId\" = ?", device));
    }

    @Test
    void theSameDeviceGetsItsPendingFlowBackInsteadOfASecondOne(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        long connection = Fixtures.connection();
        UUID first = db.api().verification().start(device, phone, Purpose.LOGIN, connection).flowUniqueId().orElseThrow();
        long before = db.totalRows();

        FlowStart again = db.api().verification().start(device, phone, Purpose.LOGIN, Fixtures.connection());

        assertEquals(FlowStartOutcome.RETRIEVED, again.outcome());
        assertEquals(first, again.flowUniqueId().orElseThrow());
        assertEquals(connection, db.api().verification().flowState(first).orElseThrow().connectionId().orElseThrow(),
                "the flow keeps the connection it was started on");
        assertEquals(before, db.totalRows());

        // Another purpose or another device is another flow.
        UUID otherPurpose = db.api().verification().start(device, phone, Purpose.PASSWORD_RECOVERY, null).flowUniqueId().orElseThrow();
        UUID otherDevice = db.api().verification().start(fixtures.device(), phone, Purpose.LOGIN, null).flowUniqueId().orElseThrow();
        assertNotEquals(first, otherPurpose);
        assertNotEquals(first, otherDevice);
    }

    @Test
    void aFlowExpiresFiveMinutesAfterItStarts(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        Instant before = Instant.now();
        long connection = Fixtures.connection();
        UUID flow = db.api().verification().start(device, phone, Purpose.REGISTRATION, connection).flowUniqueId().orElseThrow();

        FlowState state = db.api().verification().flowState(flow).orElseThrow();
        Duration lifetime = Duration.between(before, state.expiresAt());
        assertTrue(lifetime.compareTo(Duration.ofMinutes(4)) > 0 && lifetime.compareTo(Duration.ofMinutes(6)) < 0,
                "lifetime " + lifetime);
        assertEquals(FlowStatus.PENDING, state.status());
        assertEquals(Purpose.REGISTRATION, state.purpose());
        assertEquals(phone, state.phoneNumberUniqueId());
        assertEquals(device, state.appDeviceId());
        assertEquals(connection, state.connectionId().orElseThrow());
        assertEquals(0, state.otpCount());

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
        UUID otp = fixtures.otp(flow);
        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofMinutes(6), "\"UniqueId\" = ?", flow);

        FlowStart next = start(db, device, phone);

        assertEquals(FlowStartOutcome.CREATED, next.outcome());
        assertNotEquals(flow, next.flowUniqueId().orElseThrow());
        assertEquals(FlowStatus.EXPIRED, db.api().verification().flowState(flow).orElseThrow().status());
        assertEquals("expired", db.queryString("SELECT \"Status\" FROM dbo.\"OtpRecords\" WHERE \"UniqueId\" = ?", otp), "with its code");
        assertEquals(0, db.count("OtpRecords", "\"UniqueId\" = ? AND \"IsActive\" = ?", otp, true));
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

        long before = db.totalRows();
        FlowStart again = db.api().verification().start(registration.device(), registration.phone(), Purpose.REGISTRATION, registration.connection());
        assertEquals(FlowStartOutcome.VERIFIED, again.outcome());
        assertEquals(registration.flow(), again.flowUniqueId().orElseThrow());
        assertEquals(before, db.totalRows(), "returning the verified flow writes nothing");

        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofHours(24), "\"UniqueId\" = ?", registration.flow());

        FlowStart afterADay = db.api().verification().start(registration.device(), registration.phone(), Purpose.REGISTRATION, registration.connection());
        assertEquals(FlowStartOutcome.CREATED, afterADay.outcome());
        assertNotEquals(registration.flow(), afterADay.flowUniqueId().orElseThrow());
    }

    @Test
    void aFlowVerifiedByItsStatusIsUsableForTwentyFourHoursToo(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID flow = db.api().verification().start(device, fixtures.phone(Phones.unique(), device), Purpose.LOGIN, null)
                .flowUniqueId().orElseThrow();
        Instant verifiedAt = Instant.now();

        assertEquals(FlowStatusOutcome.UPDATED, db.api().verification().updateFlowStatus(flow, FlowStatus.VERIFIED));

        FlowState state = db.api().verification().flowState(flow).orElseThrow();
        Duration usableFor = Duration.between(verifiedAt, state.expiresAt());
        assertEquals(FlowStatus.VERIFIED, state.status());
        assertTrue(usableFor.compareTo(Duration.ofHours(23)) > 0 && usableFor.compareTo(Duration.ofHours(25)) < 0,
                "usable for " + usableFor);
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
