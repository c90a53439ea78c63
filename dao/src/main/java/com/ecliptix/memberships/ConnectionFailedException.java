package com.ecliptix.memberships;

import com.ecliptix.memberships.internal.DatabaseFailures;
import java.util.Set;

/**
 * No connection to the database could be had, so nothing was sent: a malformed URL, nothing answering
 * at its host and port, a refused login, a missing database, no free connection in time, or another
 * failure to connect. {@link #kind()} says which, one of the {@code CONNECTION_*} kinds but
 * {@link ErrorKind#CONNECTION_LOST} (a connection that breaks during a call is a
 * {@link ConnectionLostException}); the message is one line naming the next step, without credentials.
 *
 * <p>The command line classifies its own connection failures with {@link #classify}, so that the API and
 * the command line tell them apart alike.
 */
public final class ConnectionFailedException extends EcliptixMembershipsException {

    private static final Set<ErrorKind> KINDS = Set.of(ErrorKind.CONNECTION_MALFORMED_URL, ErrorKind.CONNECTION_UNREACHABLE,
            ErrorKind.CONNECTION_LOGIN_REFUSED, ErrorKind.CONNECTION_MISSING_DATABASE, ErrorKind.CONNECTION_UNAVAILABLE,
            ErrorKind.CONNECTION_FAILED);

    private final boolean passwordWanted;

    /**
     * Public for the API's own packages and for stand-ins in an application's tests.
     *
     * @param kind           a {@code CONNECTION_*} kind other than {@link ErrorKind#CONNECTION_LOST}
     * @param passwordWanted for a refused login: true when a (different) password may let it in
     */
    public ConnectionFailedException(ErrorKind kind, String message, boolean passwordWanted, Throwable cause) {
        super(requireConnectionKind(kind), message, cause);
        this.passwordWanted = passwordWanted;
    }

    /**
     * What a failed attempt to connect was, from the driver's (or pool's) exception: the one classification
     * of connection failures, for the API and the command line.
     *
     * @param target where the attempt went, without credentials (a redacted JDBC URL), for the message; or null
     */
    public static ConnectionFailedException classify(Throwable failure, String target) {
        return DatabaseFailures.connectionFailure(failure, target);
    }

    /**
     * For {@link ErrorKind#CONNECTION_LOGIN_REFUSED}: true when the server asked for a password or refused
     * the one given (so a prompt for one may help), false when the login itself may not connect.
     */
    public boolean passwordWanted() {
        return passwordWanted;
    }

    /** True when nothing answered or no connection was free in time: the server or the pool may be back later. */
    @Override
    public boolean isRetryable() {
        return kind() == ErrorKind.CONNECTION_UNREACHABLE || kind() == ErrorKind.CONNECTION_UNAVAILABLE;
    }

    private static ErrorKind requireConnectionKind(ErrorKind kind) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException(kind + " is not a kind of failure to connect");
        }
        return kind;
    }
}
