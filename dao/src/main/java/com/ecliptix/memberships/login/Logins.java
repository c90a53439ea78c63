package com.ecliptix.memberships.login;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.RoutineCallException;
import com.ecliptix.memberships.generated.routines.LogLoginAttempt;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.internal.AttemptLogResult;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.DomainConstructors;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.membership.MembershipStatus;
import java.util.Map;
import java.util.Optional;

/**
 * Logins by phone number. Failed logins lock the number out (5 in 5 minutes by default, each further
 * lockout within 24 hours twice as long); the database counts them under a lock on the number, so
 * parallel attempts cannot slip past the limit.
 */
public final class Logins {

    /** The longest outcome text an attempt log stores. */
    public static final int MAX_OUTCOME_LENGTH = 50;

    private final RoutineCalls routines;

    static {
        DomainConstructors.register(Logins.class, Logins::new);
    }

    Logins(RoutineCalls routines) {
        this.routines = routines;
    }

    /**
     * Logs in with a phone number: returns the membership's secure key on {@link LoginOutcome#SUCCESS},
     * and never otherwise. Every outcome is recorded; failures count toward the lockout.
     *
     * @throws InvalidInputException when the number is not E.164; nothing is written
     */
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

    /**
     * Records a login attempt made elsewhere (e.g. a failed passphrase check in the application). Failures
     * count toward the lockout; a success clears them.
     *
     * @throws InvalidInputException for a malformed number or an empty or over-long outcome; nothing is written
     */
    public void logAttempt(String phoneNumber, String outcome, boolean success) {
        Outputs out = routines.call(RoutineCall.of(LogLoginAttempt.class)
                .set(LogLoginAttempt.PHONE_NUMBER, Inputs.phoneNumber("PhoneNumber", phoneNumber))
                .set(LogLoginAttempt.OUTCOME, Inputs.text("Outcome", outcome, MAX_OUTCOME_LENGTH))
                .set(LogLoginAttempt.IS_SUCCESS, success));
        Codes.parse(out.routine(), AttemptLogResult.class, out.get(LogLoginAttempt.RESULT), Map.of("invalid_input", "Outcome"));
    }
}
