package com.ecliptix.memberships;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One root, a stable kind per failure, and which failures may simply be repeated. */
class EcliptixMembershipsExceptionTest {

    @Test
    void everyExceptionOfTheApiIsUnderTheRootAndNoneCanBeAddedOutsideIt() {
        assertTrue(EcliptixMembershipsException.class.isSealed());
        assertTrue(RuntimeException.class.isAssignableFrom(EcliptixMembershipsException.class), "unchecked");
        List<Class<?>> leaves = new ArrayList<>();
        Deque<Class<?>> open = new ArrayDeque<>(List.of(EcliptixMembershipsException.class));
        while (!open.isEmpty()) {
            Class<?> type = open.pop();
            if (type.isSealed()) {
                open.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                assertTrue(Modifier.isFinal(type.getModifiers()), type + " is final");
                leaves.add(type);
            }
        }
        assertEquals(List.of(), List.of(EcliptixMembershipsException.class.getDeclaredConstructors()).stream()
                .filter(c -> Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())).toList(),
                "the root's constructor is the API's own");
        assertTrue(leaves.size() >= 6, leaves.toString());
    }

    @Test
    void kindsAndRetries() {
        assertKind(ErrorKind.INPUT, false, new InvalidInputException("PhoneNumber", "is required"));
        assertKind(ErrorKind.CONFIGURATION, false, new ConfigurationException("No OTP key configured"));
        assertKind(ErrorKind.SCHEMA_VERSION, false, new SchemaVersionException("4", "5", "migrate", null));
        assertKind(ErrorKind.ROUTINE, false, new RoutineCallException("LoginMembership", "unexpected outcome", null));
        assertKind(ErrorKind.ROUTINE, false, failure(new SQLException("syntax", "42601")));
        assertKind(ErrorKind.LOCK_TIMEOUT, true, new LockTimeoutException("LoginMembership", "phone", null));
        assertKind(ErrorKind.CONNECTION_LOST, true, new ConnectionLostException("LoginMembership", true, null));
        assertKind(ErrorKind.CONNECTION_LOST, false, new ConnectionLostException("LoginMembership", false, null));
    }

    @Test
    void deadlocksAndSerializationFailuresAreRetryableConflicts() {
        assertKind(ErrorKind.CONFLICT, true, failure(new SQLException("deadlock", "40P01")));
        assertKind(ErrorKind.CONFLICT, true, failure(new SQLException("could not serialize", "40001")));
        assertKind(ErrorKind.CONFLICT, true, failure(new SQLException("victim", "40001", 1205)));
    }

    @Test
    void aMissingPrivilegeIsPermissionDeniedOnEachEngine() {
        assertKind(ErrorKind.PERMISSION_DENIED, false, failure(new SQLException("permission denied for function \"SetConfigValue\"", "42501")));
        assertKind(ErrorKind.PERMISSION_DENIED, false, failure(new SQLException(
                "The EXECUTE permission was denied on the object 'SetConfigValue'", "S0005", 229)));
        // Babelfish passes PostgreSQL's text on under its catch-all number.
        assertKind(ErrorKind.PERMISSION_DENIED, false, failure(new SQLException(
                "permission denied for procedure setconfigvalue", "S0001", 33557097)));
        assertKind(ErrorKind.ROUTINE, false, failure(new SQLException("relation \"x\" does not exist", "S0001", 33557097)));
    }

    @Test
    void messagesNameTheNextStep() {
        assertTrue(new LockTimeoutException("LoginMembership", "phone", null).getMessage()
                .matches("LoginMembership: the phone lock was not granted in time.*Repeat the call.*"));
        assertTrue(new ConnectionLostException("VerifyOtp", false, null).getMessage().contains("Read the state"));
        assertTrue(new ConnectionLostException("VerifyOtp", true, null).getMessage().contains("Repeat the call"));
    }

    private static void assertKind(ErrorKind kind, boolean retryable, EcliptixMembershipsException e) {
        assertEquals(kind, e.kind(), e.toString());
        assertEquals(retryable, e.isRetryable(), e.toString());
    }

    private static RoutineCallException failure(SQLException cause) {
        return new RoutineCallException("LoginMembership", cause.getMessage(), new RuntimeException(cause));
    }
}
