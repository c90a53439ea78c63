package com.ecliptix.memberships;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The one exception type for database failures: the connection failed, the routine raised an error, or
 * it answered something the contract does not allow. Carries the name of the routine that failed and,
 * when the driver reported one, the engine's error. The transaction of the call was rolled back.
 */
public class RoutineCallException extends RuntimeException {

    private final String routine;

    public RoutineCallException(String routine, String message, Throwable cause) {
        super(routine + ": " + message, cause);
        this.routine = routine;
    }

    /** The contract name of the routine, e.g. {@code LoginMembership}, or of the flow step. */
    public String routine() {
        return routine;
    }

    /** The driver's error, when the failure came from the database. */
    public Optional<SQLException> sqlException() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * True when the same call may succeed if simply repeated: the engine chose this transaction as a
     * deadlock victim or failed it for serialization (SQLSTATE class 40; SQL Server error 1205), or a
     * lock wait timed out (SQL Server 1222, PostgreSQL 55P03). The routines take their locks in one
     * order, so these should be rare.
     */
    public boolean isRetryable() {
        return sqlException().map(e -> {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            return state.startsWith("40") || state.equals("55P03") || e.getErrorCode() == 1205 || e.getErrorCode() == 1222;
        }).orElse(false);
    }
}
