package com.ecliptix.memberships.internal.domain;

import com.ecliptix.memberships.generated.routines.CreateAuthenticationContext;
import com.ecliptix.memberships.generated.routines.EndAllAuthenticationContexts;
import com.ecliptix.memberships.generated.routines.EndAuthenticationContext;
import com.ecliptix.memberships.generated.routines.RefreshAuthenticationContext;
import com.ecliptix.memberships.generated.routines.ValidateAuthenticationContext;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.session.EndAllOutcome;
import com.ecliptix.memberships.session.SessionEndOutcome;
import com.ecliptix.memberships.session.SessionOpenOutcome;
import com.ecliptix.memberships.session.SessionOpening;
import com.ecliptix.memberships.session.SessionRefresh;
import com.ecliptix.memberships.session.SessionRefreshOutcome;
import com.ecliptix.memberships.session.SessionToken;
import com.ecliptix.memberships.session.SessionValidation;
import com.ecliptix.memberships.session.SessionValidationOutcome;
import com.ecliptix.memberships.session.Sessions;
import com.ecliptix.memberships.session.SessionsEnded;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** {@link Sessions} over the routines. */
public final class DefaultSessions implements Sessions {

    private static final Map<String, String> BAD_TOKEN = Map.of("invalid_input", "ContextTokenHash");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoutineCalls routines;

    public DefaultSessions(RoutineCalls routines) {
        this.routines = routines;
    }

    @Override
    public SessionOpening open(UUID membershipUniqueId, UUID appDeviceId) {
        Inputs.required("MembershipUniqueId", membershipUniqueId);
        Inputs.required("AppDeviceId", appDeviceId);
        SessionToken token = newToken();
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

    @Override
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

    @Override
    public SessionRefresh refresh(UUID sessionUniqueId) {
        Outputs out = routines.call(RoutineCall.of(RefreshAuthenticationContext.class)
                .set(RefreshAuthenticationContext.CONTEXT_UNIQUE_ID, Inputs.required("ContextUniqueId", sessionUniqueId)));
        return new SessionRefresh(
                Codes.parse(out.routine(), SessionRefreshOutcome.class, out.get(RefreshAuthenticationContext.OUTCOME)),
                Optional.ofNullable(out.get(RefreshAuthenticationContext.EXPIRES_AT)));
    }

    @Override
    public SessionEndOutcome end(UUID sessionUniqueId) {
        Outputs out = routines.call(RoutineCall.of(EndAuthenticationContext.class)
                .set(EndAuthenticationContext.CONTEXT_UNIQUE_ID, Inputs.required("ContextUniqueId", sessionUniqueId)));
        return Codes.parse(out.routine(), SessionEndOutcome.class, out.get(EndAuthenticationContext.OUTCOME));
    }

    @Override
    public SessionsEnded endAll(UUID membershipUniqueId) {
        Outputs out = routines.call(RoutineCall.of(EndAllAuthenticationContexts.class)
                .set(EndAllAuthenticationContexts.MEMBERSHIP_UNIQUE_ID,
                        Inputs.required("MembershipUniqueId", membershipUniqueId)));
        Integer ended = out.get(EndAllAuthenticationContexts.ENDED_COUNT);
        return new SessionsEnded(
                Codes.parse(out.routine(), EndAllOutcome.class, out.get(EndAllAuthenticationContexts.OUTCOME)),
                ended == null ? OptionalInt.empty() : OptionalInt.of(ended));
    }

    /** {@value SessionToken#BYTES} random bytes, base64url without padding. */
    private static SessionToken newToken() {
        byte[] bytes = new byte[SessionToken.BYTES];
        RANDOM.nextBytes(bytes);
        return SessionToken.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
