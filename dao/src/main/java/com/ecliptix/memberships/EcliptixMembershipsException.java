package com.ecliptix.memberships;

/**
 * The root of every exception the API throws: one {@code catch} catches them all, {@link #kind()} says
 * what went wrong and {@link #isRetryable()} whether the same call may simply be repeated. The message
 * says what failed and what to do next; it never holds a phone number, a code, a key or a password.
 *
 * <p>The API throws only the subclasses named in {@code permits}; applications do not add their own.
 */
public abstract sealed class EcliptixMembershipsException extends RuntimeException
        permits InvalidInputException, ConfigurationException, SchemaVersionException, ConnectionFailedException,
                RoutineCallException {

    private final ErrorKind kind;

    EcliptixMembershipsException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What went wrong, stable across releases. */
    public ErrorKind kind() {
        return kind;
    }

    /**
     * True when repeating the same call may succeed and the failed attempt wrote nothing: a lock not
     * granted in time, a deadlock or serialization failure, no connection to be had, or a connection lost
     * before the call's transaction was committed. False when repeating cannot help (bad input, settings,
     * schema version) or when the call's effect is unknown.
     */
    public boolean isRetryable() {
        return false;
    }
}
