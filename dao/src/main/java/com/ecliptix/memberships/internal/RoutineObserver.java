package com.ecliptix.memberships.internal;

/**
 * Told about every routine call {@link RoutineCalls} makes, after it returned or failed: the hook for
 * metrics. Called on the caller's thread, so it must be quick and must not throw.
 */
public interface RoutineObserver {

    /** A procedure or scalar function returned: its call (inputs) and outputs. */
    void returned(RoutineCall call, Outputs outputs, long nanos);

    /** A table-valued function was read: whether it found its row. */
    void read(String function, boolean found, long nanos);

    /** A call or read failed with {@code failure} (a RoutineCallException, or a refused argument). */
    void failed(String routine, RuntimeException failure, long nanos);
}
