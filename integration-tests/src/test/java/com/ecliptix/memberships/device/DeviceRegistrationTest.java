package com.ecliptix.memberships.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.RegisterAppDeviceIfNotExists;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.TestDatabase;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@DatabaseTest
class DeviceRegistrationTest {

    @Test
    void aNewDeviceIsCreatedAndASecondRegistrationReturnsTheSameId(TestDatabase db) {
        UUID deviceId = UUID.randomUUID();

        DeviceRegistration first = db.api().devices().register(UUID.randomUUID(), deviceId);
        DeviceRegistration second = db.api().devices().register(UUID.randomUUID(), deviceId, 7);

        assertEquals(DeviceRegistrationOutcome.CREATED, first.outcome());
        assertEquals(DeviceRegistrationOutcome.EXISTS, second.outcome());
        assertEquals(first.deviceUniqueId(), second.deviceUniqueId());
        assertEquals(1, db.count("AppDevices", "\"DeviceId\" = ?", deviceId));
    }

    @Test
    void registeringAgainDoesNotUpdateTheStoredRow(TestDatabase db) {
        UUID appInstanceId = UUID.randomUUID();
        UUID deviceId = UUID.randomUUID();
        db.api().devices().register(appInstanceId, deviceId, 2);

        db.api().devices().register(UUID.randomUUID(), deviceId, 9);

        assertEquals(1, db.count("AppDevices",
                "\"DeviceId\" = ? AND \"AppInstanceId\" = ? AND \"DeviceType\" = 2", deviceId, appInstanceId));
    }

    @Test
    void twentyThreadsRegisteringOneDeviceCreateOneRowAndAllGetItsId(TestDatabase db) throws Exception {
        UUID deviceId = UUID.randomUUID();

        List<DeviceRegistration> results = Concurrently.run(20,
                i -> db.api().devices().register(UUID.randomUUID(), deviceId));

        assertEquals(1, db.count("AppDevices", "\"DeviceId\" = ?", deviceId));
        assertEquals(1, new HashSet<>(results.stream().map(DeviceRegistration::deviceUniqueId).toList()).size());
        assertEquals(1, results.stream().filter(r -> r.outcome() == DeviceRegistrationOutcome.CREATED).count());
    }

    @Test
    void nullIdsAreRejectedBeforeTheDatabaseAndWriteNothing(TestDatabase db) {
        long before = db.totalRows();

        InvalidInputException noDevice = assertThrows(InvalidInputException.class,
                () -> db.api().devices().register(UUID.randomUUID(), null));
        InvalidInputException noInstance = assertThrows(InvalidInputException.class,
                () -> db.api().devices().register(null, UUID.randomUUID()));

        assertEquals("DeviceId", noDevice.parameter());
        assertEquals("AppInstanceId", noInstance.parameter());
        assertEquals(before, db.totalRows());
    }

    @Test
    void theRoutineItselfAnswersInvalidInputForNullIdsAndWritesNothing(TestDatabase db) {
        long before = db.totalRows();
        RegisterAppDeviceIfNotExists call = new RegisterAppDeviceIfNotExists();
        call.setAppInstanceId(UUID.randomUUID());
        call.setDeviceId(null);
        call.setDeviceType(1);

        db.call(call);

        assertEquals("invalid_input", call.getOutcome());
        assertEquals(null, call.getDeviceUniqueId());
        assertEquals(before, db.totalRows());
    }
}
