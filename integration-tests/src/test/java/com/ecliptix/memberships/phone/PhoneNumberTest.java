package com.ecliptix.memberships.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.EnsurePhoneNumber;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DatabaseTest
class PhoneNumberTest {

    private static UUID device(TestDatabase db) {
        return db.api().devices().register(UUID.randomUUID(), UUID.randomUUID()).deviceUniqueId();
    }

    @Test
    void aNewNumberWithoutADeviceIsCreatedAndCanBeFound(TestDatabase db) {
        String number = Phones.unique();

        EnsuredPhoneNumber created = db.api().phoneNumbers().ensure(number, "US");

        assertEquals(EnsurePhoneNumberOutcome.CREATED, created.outcome());
        assertEquals(Optional.of(new PhoneNumber(created.phoneNumberUniqueId(), number, Optional.of("US"))),
                db.api().phoneNumbers().find(created.phoneNumberUniqueId()));
        assertEquals(0, db.count("PhoneNumberDevices", "\"PhoneNumberId\" = ?", created.phoneNumberUniqueId()));
    }

    @Test
    void theDeviceThatCreatesANumberBecomesItsPrimaryDevice(TestDatabase db) {
        UUID device = device(db);

        EnsuredPhoneNumber created = db.api().phoneNumbers().ensure(Phones.unique(), null, device);

        assertEquals(EnsurePhoneNumberOutcome.CREATED_AND_ASSOCIATED, created.outcome());
        assertEquals(1, db.count("PhoneNumberDevices", "\"PhoneNumberId\" = ? AND \"AppDeviceId\" = ? AND \"IsPrimary\" = ?",
                created.phoneNumberUniqueId(), device, true));
    }

    @Test
    void anotherDeviceIsAssociatedWithoutBecomingPrimaryAndASecondCallChangesNothing(TestDatabase db) {
        String number = Phones.unique();
        UUID first = device(db);
        UUID second = device(db);
        UUID phone = db.api().phoneNumbers().ensure(number, "GB", first).phoneNumberUniqueId();

        EnsuredPhoneNumber associated = db.api().phoneNumbers().ensure(number, "GB", second);
        EnsuredPhoneNumber again = db.api().phoneNumbers().ensure(number, "GB", second);
        EnsuredPhoneNumber withoutDevice = db.api().phoneNumbers().ensure(number, null);

        assertEquals(EnsurePhoneNumberOutcome.ASSOCIATED, associated.outcome());
        assertEquals(EnsurePhoneNumberOutcome.EXISTS, again.outcome());
        assertEquals(EnsurePhoneNumberOutcome.EXISTS, withoutDevice.outcome());
        assertEquals(phone, associated.phoneNumberUniqueId());
        assertEquals(phone, withoutDevice.phoneNumberUniqueId());
        assertEquals(2, db.count("PhoneNumberDevices", "\"PhoneNumberId\" = ?", phone));
        assertEquals(1, db.count("PhoneNumberDevices", "\"PhoneNumberId\" = ? AND \"IsPrimary\" = ?", phone, true));
        assertEquals(1, db.count("PhoneNumberDevices", "\"AppDeviceId\" = ? AND \"IsPrimary\" = ?", first, true));
    }

    @Test
    void concurrentFirstCallsForOneNumberCreateOnePhone(TestDatabase db) throws Exception {
        String number = Phones.unique();

        List<EnsuredPhoneNumber> results = Concurrently.run(10, i -> db.api().phoneNumbers().ensure(number, null));

        assertEquals(1, db.count("PhoneNumbers", "\"PhoneNumber\" = ?", number));
        assertEquals(1, new HashSet<>(results.stream().map(EnsuredPhoneNumber::phoneNumberUniqueId).toList()).size());
    }

    @Test
    void anUnknownIdFindsNothing(TestDatabase db) {
        assertTrue(db.api().phoneNumbers().find(UUID.randomUUID()).isEmpty());
        assertEquals("PhoneNumberUniqueId", assertThrows(com.ecliptix.memberships.InvalidInputException.class,
                () -> db.api().phoneNumbers().find(null)).parameter(), "a null id is refused before any call");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "14155550100", "+04155550100", "+1415", "+1415555010012345", "+1 415 555 0100", "+1415555O100"})
    void aMalformedNumberIsRejectedAndWritesNothing(String number, TestDatabase db) {
        UUID device = device(db);
        long before = db.totalRows();

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> db.api().phoneNumbers().ensure(number, "US", device));

        assertEquals("PhoneNumber", e.parameter());
        assertEquals(before, db.totalRows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "us", "USA", "U", "1A"})
    void aMalformedRegionIsRejectedAndWritesNothing(String region, TestDatabase db) {
        long before = db.totalRows();

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> db.api().phoneNumbers().ensure(Phones.unique(), region));

        assertEquals("Region", e.parameter());
        assertEquals(before, db.totalRows());
    }

    @Test
    void anUnregisteredDeviceIsRejectedAndWritesNothing(TestDatabase db) {
        long before = db.totalRows();

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> db.api().phoneNumbers().ensure(Phones.unique(), "US", UUID.randomUUID()));

        assertEquals("AppDeviceId", e.parameter());
        assertEquals(before, db.totalRows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+0415555010", "415-555-0100", "+1415555010x", "+1415555010 "})
    void theRoutineItselfRejectsMalformedNumbersAndWritesNothing(String number, TestDatabase db) {
        long before = db.totalRows();
        EnsurePhoneNumber call = new EnsurePhoneNumber();
        call.setPhoneNumber(number);
        call.setRegion("US");

        db.call(call);

        assertEquals("invalid_phone_number", call.getOutcome());
        assertEquals(before, db.totalRows());
    }

    @Test
    void theRoutineItselfRejectsAMalformedRegionAndWritesNothing(TestDatabase db) {
        long before = db.totalRows();
        EnsurePhoneNumber call = new EnsurePhoneNumber();
        call.setPhoneNumber(Phones.unique());
        call.setRegion("us");

        db.call(call);

        assertEquals("invalid_region", call.getOutcome());
        assertEquals(before, db.totalRows());
    }
}
