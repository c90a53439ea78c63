package com.ecliptix.memberships.schema.throwaway;

/** The embedded PostgreSQL server cannot run here; the message says in one line what to do instead. */
public final class EmbeddedPostgresUnavailableException extends RuntimeException {

    EmbeddedPostgresUnavailableException(String message) {
        super(message);
    }

    EmbeddedPostgresUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
