package com.ecliptix.memberships.login;

import com.ecliptix.memberships.InvalidInputException;

/**
 * Logins by phone number. Failed logins lock the number out (5 in 5 minutes by default, each further
 * lockout within 24 hours twice as long); the database counts them under a lock on the number, so
 * parallel attempts cannot slip past the limit.
 */
public interface Logins {

    /** The longest outcome text an attempt log stores. */
    int MAX_OUTCOME_LENGTH = 50;

    /**
     * Logs in with a phone number: returns the membership's secure key on {@link LoginOutcome#SUCCESS},
     * and never otherwise. Every outcome is recorded; failures count toward the lockout.
     *
     * @throws InvalidInputException when the number is not E.164; nothing is written
     */
    LoginResult login(String phoneNumber);

    /**
     * Records a login attempt made elsewhere (e.g. a failed passphrase check in the application). Failures
     * count toward the lockout; a success clears them.
     *
     * @throws InvalidInputException for a malformed number or an empty or over-long outcome; nothing is written
     */
    void logAttempt(String phoneNumber, String outcome, boolean success);
}
