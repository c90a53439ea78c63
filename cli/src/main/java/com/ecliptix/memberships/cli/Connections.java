package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.ConnectionFailedException;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens one connection before a verb runs, and turns each way it can fail into one line and its own
 * {@link ExitCode}. Which failure is which is the API's one classification,
 * {@link ConnectionFailedException#classify}; this class only maps its kinds to exit codes. Messages name
 * the URL without credentials, never a password.
 */
final class Connections {

    private Connections() {
    }

    /** The engine of a URL, or {@link ExitCode#MALFORMED_URL} when it is neither engine's. */
    static Engine engineOf(String jdbcUrl) {
        try {
            return Engine.ofUrl(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw classify(jdbcUrl, e);
        }
    }

    /** Connects once and closes; throws a {@link CliException} with the failure's exit code. */
    static void check(ConnectionSettings settings) {
        engineOf(settings.jdbcUrl());
        try (Connection ignored = settings.dataSource().getConnection()) {
            // Connected: the verb may run.
        } catch (SQLException | IllegalArgumentException e) {
            throw classify(settings.jdbcUrl(), e);
        }
    }

    /** The exit code and one line for a failed connection attempt. */
    static CliException classify(String jdbcUrl, Exception e) {
        return failed(ConnectionFailedException.classify(e, new ConnectionSettings(jdbcUrl, null, null).redactedUrl()));
    }

    /** The command line's ending for a failure to connect, found here or by the API. */
    static CliException failed(ConnectionFailedException failure) {
        int exitCode = switch (failure.kind()) {
            case CONNECTION_MALFORMED_URL -> ExitCode.MALFORMED_URL;
            case CONNECTION_UNREACHABLE -> ExitCode.UNREACHABLE;
            case CONNECTION_LOGIN_REFUSED -> ExitCode.BAD_LOGIN;
            case CONNECTION_MISSING_DATABASE -> ExitCode.MISSING_DATABASE;
            default -> ExitCode.FAILED;
        };
        return new CliException(exitCode, failure.getMessage(), failure.passwordWanted());
    }

    /** A driver's message on one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
