package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Opens one connection before a verb runs, and turns each way it can fail into one line and its own
 * {@link ExitCode}: a malformed URL, a server that does not answer, a refused login, a missing database.
 * Messages name the URL without credentials, never a password.
 */
final class Connections {

    /** PostgreSQL's SQLSTATEs for a refused login (28P01 and pgjdbc's 08004 want a password) and a missing database. */
    private static final String PG_INVALID_PASSWORD = "28P01";
    private static final String PG_INVALID_AUTHORIZATION = "28000";
    private static final String PG_CONNECTION_REJECTED = "08004";
    private static final String PG_INVALID_CATALOG = "3D000";
    /** SQL Server's error numbers for the same. */
    private static final int MSSQL_LOGIN_FAILED = 18456;
    private static final int MSSQL_CANNOT_OPEN_DATABASE = 4060;

    private Connections() {
    }

    /** The engine of a URL, or {@link ExitCode#MALFORMED_URL} when it is neither engine's. */
    static Engine engineOf(String jdbcUrl) {
        try {
            return Engine.ofUrl(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw malformed(jdbcUrl, "not a jdbc:postgresql: or jdbc:sqlserver: URL");
        }
    }

    /** Connects once and closes; throws a {@link CliException} with the failure's exit code. */
    static void check(ConnectionSettings settings) {
        engineOf(settings.jdbcUrl());
        DataSource dataSource;
        try {
            dataSource = settings.dataSource();
        } catch (IllegalArgumentException e) {
            throw malformed(settings.jdbcUrl(), "the driver cannot read it");
        }
        try (Connection ignored = dataSource.getConnection()) {
            // Connected: the verb may run.
        } catch (SQLException e) {
            throw classify(settings, e);
        } catch (IllegalArgumentException e) {
            throw malformed(settings.jdbcUrl(), "the driver cannot read it");
        }
    }

    /** The exit code and one line for a failed connection attempt. */
    static CliException classify(ConnectionSettings settings, SQLException e) {
        String url = settings.redactedUrl();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String detail = oneLine(e.getMessage());
        if (settings.engine() == Engine.POSTGRESQL) {
            if (state.equals(PG_INVALID_CATALOG)) {
                return new CliException(ExitCode.MISSING_DATABASE, "Missing database at " + url + ": " + detail);
            }
            if (state.equals(PG_INVALID_PASSWORD) || state.equals(PG_CONNECTION_REJECTED)) {
                return badLogin(settings, detail, true);
            }
            if (state.equals(PG_INVALID_AUTHORIZATION)) {
                return badLogin(settings, detail, false); // no such role, no LOGIN, no pg_hba entry: a password would not help
            }
        } else {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && s.getErrorCode() == MSSQL_CANNOT_OPEN_DATABASE) {
                    return new CliException(ExitCode.MISSING_DATABASE, "Missing database at " + url + ": " + detail);
                }
            }
            if (e.getErrorCode() == MSSQL_LOGIN_FAILED) {
                return badLogin(settings, detail, true);
            }
            if (detail.toLowerCase(Locale.ROOT).contains("badly formed")
                    || detail.toLowerCase(Locale.ROOT).contains("is not valid")) {
                return malformed(settings.jdbcUrl(), detail);
            }
        }
        if (unreachable(e) || state.startsWith("08")) {
            return new CliException(ExitCode.UNREACHABLE, "No database server answers at " + url + ": " + detail);
        }
        return new CliException(ExitCode.FAILED, "Cannot connect to " + url + ": " + detail);
    }

    private static CliException badLogin(ConnectionSettings settings, String detail, boolean passwordWanted) {
        return new CliException(ExitCode.BAD_LOGIN, "Login refused at " + settings.redactedUrl()
                + (settings.user() == null ? "" : " for user " + settings.user()) + ": " + detail, passwordWanted);
    }

    static CliException malformed(String jdbcUrl, String why) {
        ConnectionSettings forRedaction = new ConnectionSettings(jdbcUrl, null, null);
        return new CliException(ExitCode.MALFORMED_URL, "Malformed JDBC URL " + forRedaction.redactedUrl() + ": " + why
                + " (expected jdbc:postgresql://HOST[:PORT]/DATABASE or jdbc:sqlserver://HOST[:PORT];databaseName=DATABASE)");
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** A driver's message on one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
