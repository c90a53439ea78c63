package com.ecliptix.memberships.session;

import com.ecliptix.memberships.InvalidInputException;
import java.util.UUID;

/**
 * Sessions after a login (the schema's authentication contexts). {@link #open} generates the token and
 * returns it once; the database keeps only its SHA-256. A membership has at most
 * {@code Authentication.MaxContextsPerMembership} active sessions (a new one ends the oldest), each valid
 * for {@code Authentication.ContextLifetimeHours} from its creation or last refresh; a new secure key
 * ends them all. The database applies these rules under a lock on the membership.
 */
public interface Sessions {

    /**
     * Opens a session for an active membership on a device, after a successful login.
     *
     * @throws InvalidInputException when an id is null; nothing is written
     */
    SessionOpening open(UUID membershipUniqueId, UUID appDeviceId);

    /**
     * Checks the token a client presented: {@code VALID} records its use; an expired session, or one
     * whose membership is blocked, is ended.
     *
     * @throws InvalidInputException when the token is null; nothing is written
     */
    SessionValidation validate(SessionToken token);

    /**
     * Extends an active, unexpired session to one session lifetime from now.
     *
     * @throws InvalidInputException when the id is null; nothing is written
     */
    SessionRefresh refresh(UUID sessionUniqueId);

    /**
     * Ends one session (a logout).
     *
     * @throws InvalidInputException when the id is null; nothing is written
     */
    SessionEndOutcome end(UUID sessionUniqueId);

    /**
     * Ends every active session of a membership (e.g. "log out everywhere"); one security event records it
     * when any was active.
     *
     * @throws InvalidInputException when the id is null; nothing is written
     */
    SessionsEnded endAll(UUID membershipUniqueId);
}
