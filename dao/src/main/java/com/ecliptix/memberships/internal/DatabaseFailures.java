package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.RoutineCallException;
import java.sql.SQLException;

/**
 * The one place that reads the engines' errors: which failure of a call is which of the API's exceptions,
 * by the stage of its transaction it happened in.
 */
public final class DatabaseFailures {

    /** Where in its transaction a call failed, which decides what the failure means for its effect. */
    public enum Stage {
        /** Setting the connection up (isolation, auto-commit): nothing was sent that writes. */
        PREPARING,
        /** A single statement the engine commits itself: a connection lost here leaves the outcome unknown. */
        AUTO_COMMIT,
        /** Inside the API's own transaction, before its commit: the database rolls back whatever happens. */
        IN_TRANSACTION,
        /** The commit of the API's own transaction: a connection lost here leaves the outcome unknown. */
        COMMIT
    }

    private DatabaseFailures() {
    }

    /** A connection could not be had for {@code name}. */
    public static EcliptixMembershipsException connecting(String name, Throwable failure) {
        return new RoutineCallException(name, "cannot get a connection: " + failure.getMessage(), failure);
    }

    /** A call (or flow step) named {@code name} failed at {@code stage}. */
    public static EcliptixMembershipsException of(String name, SQLException failure, Stage stage) {
        if (stage == Stage.PREPARING) {
            return new ConfigurationException(name + ": the data source's connection refused to be set to READ COMMITTED"
                    + " or to leave auto-commit for the call's transaction (" + oneLine(failure.getMessage()) + "); give the API"
                    + " connections it may set so, see docs/datasource.md", failure);
        }
        return new RoutineCallException(name, oneLine(failure.getMessage()), failure);
    }

    /** A driver's message on one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
