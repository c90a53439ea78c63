package com.ecliptix.memberships;

/**
 * An argument was rejected before any database call (or, as a second line of defence, by the routine
 * itself). Nothing was written.
 */
public class InvalidInputException extends IllegalArgumentException {

    private final String parameter;

    public InvalidInputException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    /** The name of the rejected parameter, as the contract spells it (e.g. {@code PhoneNumber}). */
    public String parameter() {
        return parameter;
    }
}
