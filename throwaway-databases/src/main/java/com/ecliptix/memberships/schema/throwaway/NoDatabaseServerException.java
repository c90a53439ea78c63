package com.ecliptix.memberships.schema.throwaway;

/** No database server could be found for a build or test run. */
public final class NoDatabaseServerException extends RuntimeException {

    NoDatabaseServerException(String message) {
        super(message);
    }
}
