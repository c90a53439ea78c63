package com.ecliptix.memberships;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RoutineCallExceptionTest {

    @Test
    void deadlocksAndSerializationFailuresAreRetryable() {
        assertTrue(failure(new SQLException("deadlock", "40P01")).isRetryable());
        assertTrue(failure(new SQLException("victim", "40001", 1205)).isRetryable());
        assertTrue(failure(new SQLException("lock timeout", "S0001", 1222)).isRetryable());
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(failure(new SQLException("syntax", "42601")).isRetryable());
        assertFalse(new RoutineCallException("LoginMembership", "unexpected outcome", null).isRetryable());
    }

    private static RoutineCallException failure(SQLException cause) {
        return new RoutineCallException("LoginMembership", cause.getMessage(), new RuntimeException(cause));
    }
}
