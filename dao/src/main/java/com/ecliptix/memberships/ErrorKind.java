package com.ecliptix.memberships;

/**
 * What went wrong, one stable value per kind of failure, for code that reacts to a failure rather than
 * reading its message (a retry policy, an HTTP status, a metric's tag). Every exception of the API is an
 * {@link EcliptixMembershipsException} with one of these; new kinds may be added, existing ones keep
 * their meaning.
 */
public enum ErrorKind {

    /** An argument was rejected, before any call or by the routine; nothing was written. Fix the call. */
    INPUT,
    /**
     * The API was built or called in a way its settings do not allow: no data source, a call that needs
     * the OTP key when none was configured, a data source the API cannot work with. Fix the settings.
     */
    CONFIGURATION,
    /** The database is not at the schema version this API was generated from. Migrate it, or use the matching API. */
    SCHEMA_VERSION,
    /** The JDBC URL is not one the drivers can read. Fix the URL. */
    CONNECTION_MALFORMED_URL,
    /** Nothing answers at the URL's host and port (refused, unknown host, timed out); nothing was sent. */
    CONNECTION_UNREACHABLE,
    /** The server answered and refused the login (unknown user, wrong or missing password, no right to log in). */
    CONNECTION_LOGIN_REFUSED,
    /** The server accepted the login, but the database named in the URL does not exist. */
    CONNECTION_MISSING_DATABASE,
    /** No connection could be had in time (the pool was exhausted, or the server had no free slot); nothing was sent. */
    CONNECTION_UNAVAILABLE,
    /** Connecting failed for another reason; the message carries the driver's. */
    CONNECTION_FAILED,
    /**
     * The connection broke during a call. Whether the call took effect depends on when it broke; see
     * {@link EcliptixMembershipsException#isRetryable()}.
     */
    CONNECTION_LOST,
    /**
     * The lock of the call's subject (a phone number, a flow, a membership) was not granted within the
     * database's bound, because another transaction held it; nothing was written. Retryable.
     */
    LOCK_TIMEOUT,
    /** The engine ended the call's transaction as a deadlock victim or a serialization failure; nothing was written. Retryable. */
    CONFLICT,
    /**
     * The login may not run the routine: its role does not hold it (an operator's routine called with the
     * application's login, say); nothing was written. Map the login to the role (docs/operations.md, Roles).
     */
    PERMISSION_DENIED,
    /** The routine failed, or answered something the contract does not allow; its transaction was rolled back. */
    ROUTINE
}
