package com.ecliptix.memberships.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.device.Devices;
import com.ecliptix.memberships.internal.NoDatabase;
import com.ecliptix.memberships.phone.PhoneNumbers;
import com.ecliptix.memberships.internal.domain.DefaultDevices;
import com.ecliptix.memberships.internal.domain.DefaultMemberships;
import com.ecliptix.memberships.internal.domain.DefaultPhoneNumbers;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Memberships, devices and phone numbers refuse null ids before any statement reaches the database. */
class MembershipsInputsTest {

    private static final UUID ID = UUID.randomUUID();

    @Test
    void nullIdsAreRefusedBeforeAnyCall() {
        NoDatabase db = new NoDatabase();
        Memberships memberships = new DefaultMemberships(db.routines());
        Devices devices = new DefaultDevices(db.routines());
        PhoneNumbers phones = new DefaultPhoneNumbers(db.routines());

        assertRefused("FlowUniqueId", () -> memberships.create(null, 1L, ID));
        assertRefused("OtpUniqueId", () -> memberships.create(ID, 1L, null));
        assertRefused("OtpUniqueId", () -> memberships.create(ID, null, null));
        assertRefused("MembershipUniqueId", () -> memberships.setSecureKey(null, new byte[] {1}));
        assertRefused("PhoneNumberUniqueId", () -> memberships.logAttempt(null, "client_abandoned", false));
        assertRefused("AppInstanceId", () -> devices.register(null, ID));
        assertRefused("DeviceId", () -> devices.register(ID, null));
        assertRefused("PhoneNumberUniqueId", () -> phones.find(null));

        assertEquals(0, db.statements(), "no statement was sent");
    }

    @Test
    void aNullConnectionIsAcceptedForAFlowStartedWithoutOne() {
        NoDatabase db = new NoDatabase();
        // Passes the API's checks and reaches the database (which this test does not have).
        assertThrows(com.ecliptix.memberships.RoutineCallException.class,
                () -> new DefaultMemberships(db.routines()).create(ID, null, ID));
        assertEquals(1, db.statements(), "the call was sent with a NULL connection");
    }

    private static void assertRefused(String parameter, Executable call) {
        assertEquals(parameter, assertThrows(InvalidInputException.class, call).parameter());
    }
}
