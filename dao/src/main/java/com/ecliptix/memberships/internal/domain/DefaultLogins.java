package com.ecliptix.memberships.internal.domain;

import com.ecliptix.memberships.RoutineCallException;
import com.ecliptix.memberships.generated.routines.LogLoginAttempt;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.internal.AttemptLogResult;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.login.LoginResult;
import com.ecliptix.memberships.login.Logins;
import com.ecliptix.memberships.membership.MembershipStatus;
import java.util.Map;
import java.util.Optional;

/** {@link Logins} over the routines. */
public final class DefaultLogins implements Logins {

    private final RoutineCalls routines;

    public DefaultLogins(RoutineCalls routines) {
        this.routines = routines;
    }

    @Override
    public LoginResult login(String phoneNumber) {
        Outputs out = routines.call(RoutineCall.of(LoginMembership.class)
                .set(LoginMembership.PHONE_NUMBER, Inputs.phoneNumber("PhoneNumber", phoneNumber)));
        LoginOutcome outcome = Codes.parse(out.routine(), LoginOutcome.class, out.get(LoginMembership.OUTCOME),
                Map.of("invalid_phone_number", "PhoneNumber"));
        byte[] key = out.get(LoginMembership.SECURE_KEY);
        if (key != null && outcome != LoginOutcome.SUCCESS) {
            throw new RoutineCallException(out.routine(), "returned a secure key with outcome " + Codes.code(outcome), null);
        }
        return new LoginResult(
                outcome,
                Optional.ofNullable(out.get(LoginMembership.MEMBERSHIP_UNIQUE_ID)),
                Codes.parseOptional(out.routine(), MembershipStatus.class, out.get(LoginMembership.STATUS)),
                Codes.seconds(out.get(LoginMembership.LOCKED_FOR_SECONDS)),
                Optional.ofNullable(key));
    }

    @Override
    public void logAttempt(String phoneNumber, String outcome, boolean success) {
        Outputs out = routines.call(RoutineCall.of(LogLoginAttempt.class)
                .set(LogLoginAttempt.PHONE_NUMBER, Inputs.phoneNumber("PhoneNumber", phoneNumber))
                .set(LogLoginAttempt.OUTCOME, Inputs.text("Outcome", outcome, MAX_OUTCOME_LENGTH))
                .set(LogLoginAttempt.IS_SUCCESS, success));
        Codes.parse(out.routine(), AttemptLogResult.class, out.get(LogLoginAttempt.RESULT), Map.of("invalid_input", "Outcome"));
    }
}
