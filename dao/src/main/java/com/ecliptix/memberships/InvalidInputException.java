package com.ecliptix.memberships;

/**
 * An argument was rejected before any database call (or, as a second line of defence, by the routine
 * itself). Nothing was written; the message names the parameter and what it must be.
 */
public final class InvalidInputException extends EcliptixMembershipsException {

    private final String parameter;

    /** Public for the API's own packages and for stand-ins in an application's tests. */
    public InvalidInputException(String parameter, String message) {
        super(ErrorKind.INPUT, parameter + ": " + message, null);
        this.parameter = parameter;
    }

    /** The name of the rejected parameter, as the contract spells it (e.g. {@code PhoneNumber}). */
    public String parameter() {
        return parameter;
    }
}
