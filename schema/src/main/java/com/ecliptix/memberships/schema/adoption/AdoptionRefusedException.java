package com.ecliptix.memberships.schema.adoption;

/**
 * The database is not one that adoption converts (not the legacy schema, or already under these
 * migrations); nothing was changed. The message is one line saying what was found.
 */
public final class AdoptionRefusedException extends RuntimeException {

    AdoptionRefusedException(String message) {
        super(message);
    }
}
