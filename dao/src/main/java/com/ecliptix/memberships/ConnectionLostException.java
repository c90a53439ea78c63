package com.ecliptix.memberships;

/**
 * The connection broke during a call (the server restarted or ended the session, the network failed).
 * What happened to the call depends on when it broke:
 * <ul>
 *   <li>before the call's transaction was committed: the database rolled it back and nothing was written;
 *       {@link #isRetryable()} is true and the call may be repeated (the pool hands out a new connection);</li>
 *   <li>while it was committed, or during a single statement the engine commits itself (auto-commit): the
 *       outcome is unknown; {@link #isRetryable()} is false, and the state the call would change should be
 *       read before repeating it.</li>
 * </ul>
 */
public final class ConnectionLostException extends RoutineCallException {

    private final boolean nothingWritten;

    /**
     * @param nothingWritten true when the connection broke before the call's transaction was committed, so
     *                       the database guarantees it had no effect
     */
    public ConnectionLostException(String routine, boolean nothingWritten, Throwable cause) {
        super(ErrorKind.CONNECTION_LOST, routine, nothingWritten
                ? "the connection to the database was lost before the call's transaction was committed, so nothing"
                        + " was written. Repeat the call; it gets a new connection."
                : "the connection to the database was lost while the call was being committed, so whether it took"
                        + " effect is unknown. Read the state it would change before repeating it.", cause);
        this.nothingWritten = nothingWritten;
    }

    /** True when the call had no effect, guaranteed by the database: its transaction was never committed. */
    public boolean nothingWritten() {
        return nothingWritten;
    }

    @Override
    public boolean isRetryable() {
        return nothingWritten;
    }
}
