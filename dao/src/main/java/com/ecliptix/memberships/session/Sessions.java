package com.ecliptix.memberships.session;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.CreateAuthenticationContext;
import com.ecliptix.memberships.generated.routines.EndAllAuthenticationContexts;
import com.ecliptix.memberships.generated.routines.EndAuthenticationContext;
import com.ecliptix.memberships.generated.routines.RefreshAuthenticationContext;
import com.ecliptix.memberships.generated.routines.ValidateAuthenticationContext;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.DomainConstructors;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Sessions after a login (the schema's authentication contexts). {@link #open} generates the token and
 * returns it once; the database keeps only its SHA-256. A membership has at most
 * {@code Authentication.MaxContextsPerMembership} active sessions (a new one ends the oldest), each valid
 * for {@code Authentication.ContextLifetimeHours} from its creation or last refresh; a new secure key
 * ends them all. The database applies these rules under a lock on the membership.
 */
public final class Sessions {

    private static final Map<String, String> BAD_TOKEN = Map.of("invalid_input", "ContextTokenHash");

    private final RoutineCalls routines;

    static {
        DomainConstructors.register(Sessions.class, Sessions::new);
    }

    Sessions(RoutineCalls routines) {
        this.routines = routines;
    }

    /**
     * Opens a session for an active membership on a device, after a successful login.
     *
     * @throws InvalidInputException when an id is null; nothing is written
     */
    public SessionOpening open(UUID membershipUniqueId, UUID appDeviceId) {
        Inputs.required("MembershipUniqueId", membershipUniqueId);
        Inputs.required("AppDeviceId", appDeviceId);
        SessionToken token = SessionToken.generate();
        Outputs out = routines.call(RoutineCall.of(CreateAuthenticationContext.class)
                .set(CreateAuthenticationContext.MEMBERSHIP_UNIQUE_ID, membershipUniqueId)
                .set(CreateAuthenticationContext.APP_DEVICE_ID, appDeviceId)
                .set(CreateAuthenticationContext.CONTEXT_TOKEN_HASH, token.hash()));
        SessionOpenOutcome outcome = Codes.parse(out.routine(), SessionOpenOutcome.class, out.get(CreateAuthenticationContext.OUTCOME),
                BAD_TOKEN);
        return new SessionOpening(
                outcome,
                Optional.ofNullable(out.get(CreateAuthenticationContext.CONTEXT_UNIQUE_ID)),
                Optional.ofNullable(out.get(CreateAuthenticationContext.EXPIRES_AT)),
                outcome == SessionOpenOutcome.CREATED ? Optional.of(token) : Optional.empty());
    }

    /**
     * Checks the token a client presented: {@code VALID} records its use; an expired session, or one
     * whose membership is blocked, is ended.
     *
     * @throws InvalidInputException when the token is null; nothing is written
     */
    public SessionValidation validate(SessionToken token) {
        Outputs out = routines.call(RoutineCall.of(ValidateAuthenticationContext.class)
                .set(ValidateAuthenticationContext.CONTEXT_TOKEN_HASH, Inputs.required("ContextToken", token).hash()));
        return new SessionValidation(
                Codes.parse(out.routine(), SessionValidationOutcome.class, out.get(ValidateAuthenticationContext.OUTCOME),
                        BAD_TOKEN),
                Optional.ofNullable(out.get(ValidateAuthenticationContext.CONTEXT_UNIQUE_ID)),
                Optional.ofNullable(out.get(ValidateAuthenticationContext.MEMBERSHIP_UNIQUE_ID)),
                Optional.ofNullable(out.get(ValidateAuthenticationContext.EXPIRES_AT)));
    }

    /**
     * Extends an active, unexpired session to one session lifetime from now.
     *
     * @throws InvalidInputException when the id is null; nothing is written
     */
    public SessionRefresh refresh(UUID sessionUniqueId) {
        Outputs out = routines.call(RoutineCall.of(RefreshAuthenticationContext.class)
                .set(RefreshAuthenticationContext.CONTEXT_UNIQUE_ID, Inputs.required("ContextUniqueId", sessionUniqueId)));
        return new SessionRefresh(
                Codes.parse(out.routine(), SessionRefreshOutcome.class, out.get(RefreshAuthenticationContext.OUTCOME)),
                Optional.ofNullable(out.get(RefreshAuthenticationContext.EXPIRES_AT)));
    }

    /**
     * Ends one session (a logout).
     *
     * @throws InvalidInputException when the id is null; nothing is written
     */
    public SessionEndOutcome end(UUID sessionUniqueId) {
        Outputs out = routines.call(RoutineCall.of(EndAuthenticationContext.class)
                .set(EndAuthenticationContext.CONTEXT_UNIQUE_ID, Inputs.required("ContextUniqueId", sessionUniqueId)));
        return Codes.parse(out.routine(), SessionEndOutcome.class, out.get(EndAuthenticationContext.OUTCOME));
    }

    /**
     * Ends every active session of a membership (e.g. "log out everywhere"); one security event records it
     * when any was active.
     *
     * @throws InvalidInputException when the id is null; nothing is written
     */
    public SessionsEnded endAll(UUID membershipUniqueId) {
        Outputs out = routines.call(RoutineCall.of(EndAllAuthenticationContexts.class)
                .set(EndAllAuthenticationContexts.MEMBERSHIP_UNIQUE_ID,
                        Inputs.required("MembershipUniqueId", membershipUniqueId)));
        Integer ended = out.get(EndAllAuthenticationContexts.ENDED_COUNT);
        return new SessionsEnded(
                Codes.parse(out.routine(), EndAllOutcome.class, out.get(EndAllAuthenticationContexts.OUTCOME)),
                ended == null ? OptionalInt.empty() : OptionalInt.of(ended));
    }
}
