package com.ecliptix.memberships;

/**
 * The one exception type for database failures: the connection failed, the routine raised an error, or
 * it answered something the contract does not allow. Carries the name of the routine that failed.
 * The transaction of the call was rolled back.
 */
public class RoutineCallException extends RuntimeException {

    private final String routine;

    public RoutineCallException(String routine, String message, Throwable cause) {
        super(routine + ": " + message, cause);
        this.routine = routine;
    }

    /** The contract name of the routine, e.g. {@code LoginMembership}. */
    public String routine() {
        return routine;
    }
}
