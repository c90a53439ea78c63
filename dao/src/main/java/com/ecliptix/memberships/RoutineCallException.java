package com.ecliptix.memberships;

import com.ecliptix.memberships.internal.DatabaseFailures;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A call reached the database and failed there: the routine raised an error, the engine ended its
 * transaction ({@link ErrorKind#CONFLICT}: a deadlock victim or a serialization failure, retryable), the
 * login may not run it ({@link ErrorKind#PERMISSION_DENIED}), or it answered something the contract does not
 * allow ({@link ErrorKind#ROUTINE}). Carries the name of the
 * routine or flow step and, when the driver reported one, the engine's error. The call's transaction was
 * rolled back. Two kinds have types of their own: {@link LockTimeoutException} and
 * {@link ConnectionLostException}.
 */
public sealed class RoutineCallException extends EcliptixMembershipsException
        permits LockTimeoutException, ConnectionLostException {

    private final String routine;

    /**
     * A failure of {@code routine}; its kind is {@link ErrorKind#CONFLICT} when {@code cause} holds a deadlock
     * or serialization failure, {@link ErrorKind#PERMISSION_DENIED} when it holds a missing privilege, else
     * {@link ErrorKind#ROUTINE}. Public for the API's own packages and for
     * stand-ins in an application's tests.
     */
    public RoutineCallException(String routine, String message, Throwable cause) {
        this(DatabaseFailures.isConflict(cause) ? ErrorKind.CONFLICT
                : DatabaseFailures.isPermissionDenied(cause) ? ErrorKind.PERMISSION_DENIED : ErrorKind.ROUTINE, routine, message, cause);
    }

    RoutineCallException(ErrorKind kind, String routine, String message, Throwable cause) {
        super(kind, routine + ": " + message, cause);
        this.routine = routine;
    }

    /** The contract name of the routine, e.g. {@code LoginMembership}, or of the flow step. */
    public String routine() {
        return routine;
    }

    /** The driver's error, when the failure came from the database. */
    public Optional<SQLException> sqlException() {
        return sqlException(getCause());
    }

    /** True for {@link ErrorKind#CONFLICT}: the routines take their locks in one order, so these should be rare. */
    @Override
    public boolean isRetryable() {
        return kind() == ErrorKind.CONFLICT;
    }

    static Optional<SQLException> sqlException(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
