package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.ConnectionFailedException;
import com.ecliptix.memberships.ConnectionLostException;
import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.ErrorKind;
import com.ecliptix.memberships.LockTimeoutException;
import com.ecliptix.memberships.RoutineCallException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that reads the engines' errors: which failure to connect, and which failure of a call, is
 * which of the API's exceptions. The command line's exit codes for bad connections come from here too,
 * through {@link ConnectionFailedException#classify}.
 *
 * <p>PostgreSQL reports SQLSTATEs; SQL Server (mssql-jdbc) reports error numbers, and SQLSTATEs only for the
 * connection itself. The two sets do not overlap, so one reading serves both engines.
 */
public final class DatabaseFailures {

    /** Where in its transaction a call failed, which decides what the failure means for its effect. */
    public enum Stage {
        /** Setting the connection up (isolation, auto-commit): nothing was sent that writes. */
        PREPARING,
        /** A single statement the engine commits itself: a connection lost here leaves the outcome unknown. */
        AUTO_COMMIT,
        /** Inside the API's own transaction, before its commit: the database rolls it back whatever happens. */
        IN_TRANSACTION,
        /** The commit of the API's own transaction: a connection lost here leaves the outcome unknown. */
        COMMIT
    }

    // PostgreSQL SQLSTATEs.
    private static final String PG_INVALID_PASSWORD = "28P01";
    private static final String PG_INVALID_AUTHORIZATION = "28000";
    /** pgjdbc's own, when the server wants a password and none was given. */
    private static final String PG_CONNECTION_REJECTED = "08004";
    private static final String PG_INVALID_CATALOG = "3D000";
    private static final String PG_TOO_MANY_CONNECTIONS = "53300";
    private static final String PG_CANNOT_CONNECT_NOW = "57P03";
    private static final String PG_ADMIN_SHUTDOWN = "57P01";
    private static final String PG_CRASH_SHUTDOWN = "57P02";
    /** The SQLSTATE class of connection exceptions, both drivers (08001 cannot connect, 08003 closed, 08006 lost, 08S01 link failure). */
    private static final String CONNECTION_CLASS = "08";

    /** lock_not_available: the routines' bounded wait for a subject's lock (or any lock_timeout) ran out. */
    private static final String PG_LOCK_NOT_AVAILABLE = "55P03";
    /** How both engines' routines name the subject's kind when its lock times out. */
    private static final Pattern SUBJECT_KIND = Pattern.compile("\\bthe ([a-z_]+) lock was not granted");
    /** The SQLSTATE class of transaction rollbacks: serialization failures and deadlocks. */
    private static final String TRANSACTION_ROLLBACK_CLASS = "40";
    private static final Set<String> MISSING_OBJECT_STATES = Set.of("3F000", "42883", "42P01");

    // SQL Server error numbers.
    private static final int MSSQL_DEADLOCK_VICTIM = 1205;
    /** SET LOCK_TIMEOUT ran out. */
    private static final int MSSQL_LOCK_REQUEST_TIMEOUT = 1222;
    /** The routines' lock_subject: sp_getapplock did not grant the subject's lock within Locking.LockTimeoutMilliseconds. */
    private static final int MSSQL_LOCK_SUBJECT_TIMEOUT = 51001;
    private static final Set<Integer> MSSQL_MISSING_OBJECT = Set.of(2812, 4121, 208);
    private static final int MSSQL_LOGIN_FAILED = 18456;
    private static final int MSSQL_PERMISSION_DENIED = 229;
    private static final String PG_INSUFFICIENT_PRIVILEGE = "42501";
    private static final int MSSQL_CANNOT_OPEN_DATABASE = 4060;
    /** "Database does not exist": SQL Server's answer to USE, and Babelfish's to a login naming a missing database. */
    private static final int MSSQL_NO_SUCH_DATABASE = 911;
    /** mssql-jdbc's text for any TCP failure, an unknown host included (it keeps no UnknownHostException). */
    private static final Pattern MSSQL_TCP_FAILURE = Pattern.compile("The TCP/IP connection to the host ([^,\\s]+), port \\d+ has failed");

    // Babelfish (a T-SQL engine): the PostgreSQL errors it maps to no SQL Server number share one number.
    private static final int BABELFISH_UNMAPPED_ERROR = 33557097;
    /** PostgreSQL's text for a missing routine, as Babelfish passes it on. */
    private static final Pattern BABELFISH_MISSING_ROUTINE = Pattern.compile("^(procedure|function) \\S+ does not exist");

    private static final String EXPECTED_URL = "Expected jdbc:postgresql://HOST[:PORT]/DATABASE"
            + " or jdbc:sqlserver://HOST[:PORT];databaseName=DATABASE.";

    private DatabaseFailures() {
    }

    /** No connection could be had, for a call, a flow step or {@code build()}: nothing was sent. */
    public static ConnectionFailedException connecting(Throwable failure) {
        return connectionFailure(failure, null);
    }

    /** See {@link ConnectionFailedException#classify}. */
    public static ConnectionFailedException connectionFailure(Throwable failure, String target) {
        String at = target == null ? "" : " at " + target;
        if (isMalformedUrl(failure)) {
            // Never the driver's text: it may quote the URL, password included.
            return new ConnectionFailedException(ErrorKind.CONNECTION_MALFORMED_URL,
                    "Malformed JDBC URL" + (target == null ? "" : " " + target) + ": the driver cannot read it. " + EXPECTED_URL,
                    false, failure);
        }
        Optional<SQLException> missing = find(failure, e -> state(e).equals(PG_INVALID_CATALOG)
                || e.getErrorCode() == MSSQL_CANNOT_OPEN_DATABASE || e.getErrorCode() == MSSQL_NO_SUCH_DATABASE);
        if (missing.isPresent()) {
            return new ConnectionFailedException(ErrorKind.CONNECTION_MISSING_DATABASE, "Missing database" + at + ": "
                    + sentence(missing.get().getMessage()) + " Create the database, or correct its name in the URL.", false, failure);
        }
        Optional<SQLException> refused = find(failure, e -> state(e).equals(PG_INVALID_PASSWORD)
                || state(e).equals(PG_CONNECTION_REJECTED) || state(e).equals(PG_INVALID_AUTHORIZATION)
                || e.getErrorCode() == MSSQL_LOGIN_FAILED);
        if (refused.isPresent()) {
            // 28000: no such role, no LOGIN, no pg_hba entry: a password would not help.
            boolean passwordWanted = !state(refused.get()).equals(PG_INVALID_AUTHORIZATION);
            return new ConnectionFailedException(ErrorKind.CONNECTION_LOGIN_REFUSED, "Login refused" + at + ": "
                    + sentence(refused.get().getMessage()) + " Check the user and its password, and that the login may connect"
                    + " to this database.", passwordWanted, failure);
        }
        Optional<String> unknownHost = cause(failure, UnknownHostException.class).map(DatabaseFailures::hostOf)
                .or(() -> unresolvableTcpHost(failure));
        if (unknownHost.isPresent()) {
            return new ConnectionFailedException(ErrorKind.CONNECTION_UNREACHABLE, "No database server answers" + at
                    + ": unknown host " + unknownHost.get() + ". Correct the host name in the URL, or its DNS entry.",
                    false, failure);
        }
        if (isNetworkFailure(failure)) {
            return new ConnectionFailedException(ErrorKind.CONNECTION_UNREACHABLE, "No database server answers" + at + ": "
                    + firstSentence(detail(failure)) + " Start the server, or correct the host and port in the URL.", false, failure);
        }
        Optional<SQLException> busy = find(failure, e -> state(e).equals(PG_TOO_MANY_CONNECTIONS)
                || state(e).equals(PG_CANNOT_CONNECT_NOW) || e instanceof SQLTransientConnectionException);
        if (busy.isPresent()) {
            return new ConnectionFailedException(ErrorKind.CONNECTION_UNAVAILABLE, "No connection available" + at + ": "
                    + sentence(busy.get().getMessage()) + " Repeat later, or give the pool more connections or the server more"
                    + " connection slots.", false, failure);
        }
        if (find(failure, e -> state(e).startsWith(CONNECTION_CLASS)).isPresent()) {
            return new ConnectionFailedException(ErrorKind.CONNECTION_UNREACHABLE, "No database server answers" + at + ": "
                    + firstSentence(detail(failure)) + " Start the server, or correct the host and port in the URL.", false, failure);
        }
        return new ConnectionFailedException(ErrorKind.CONNECTION_FAILED, "Cannot connect" + (target == null ? "" : " to " + target)
                + ": " + sentence(detail(failure)) + " Check the URL's settings, and the server's log for why it refused.", false, failure);
    }

    /** A call (or flow step) named {@code name} failed at {@code stage}. */
    public static EcliptixMembershipsException of(String name, SQLException failure, Stage stage) {
        if (isConnectionLost(failure)) {
            return new ConnectionLostException(name, stage == Stage.PREPARING || stage == Stage.IN_TRANSACTION, failure);
        }
        Optional<SQLException> lockTimeout = find(failure, e -> state(e).equals(PG_LOCK_NOT_AVAILABLE)
                || e.getErrorCode() == MSSQL_LOCK_SUBJECT_TIMEOUT || e.getErrorCode() == MSSQL_LOCK_REQUEST_TIMEOUT);
        if (lockTimeout.isPresent() && stage != Stage.PREPARING) {
            return new LockTimeoutException(name, subjectKind(lockTimeout.get()).orElse(null), failure);
        }
        if (stage == Stage.PREPARING) {
            return new ConfigurationException(name + ": the data source's connection refused to be set to READ COMMITTED"
                    + " or to leave auto-commit for the call's transaction (" + oneLine(failure.getMessage()) + "); give the API"
                    + " connections it may set so, see docs/datasource.md", failure);
        }
        return new RoutineCallException(name, oneLine(failure.getMessage()), failure);
    }

    /**
     * The subject's kind as the routines' lock timeout names it ("... the phone lock was not granted ..."),
     * never the subject: the kind is the part of the subject before its colon ({@code phone:+1...}).
     */
    static Optional<String> subjectKind(SQLException lockTimeout) {
        Matcher kind = SUBJECT_KIND.matcher(lockTimeout.getMessage() == null ? "" : lockTimeout.getMessage());
        return kind.find() ? Optional.of(kind.group(1)) : Optional.empty();
    }

    /** A deadlock victim or a serialization failure: SQLSTATE class 40 (PostgreSQL 40001, 40P01), SQL Server 1205. */
    public static boolean isConflict(Throwable failure) {
        return find(failure, e -> state(e).startsWith(TRANSACTION_ROLLBACK_CLASS) || e.getErrorCode() == MSSQL_DEADLOCK_VICTIM)
                .isPresent();
    }

    /**
     * The login lacks a privilege: PostgreSQL 42501 (insufficient_privilege); SQL Server 229 (permission
     * denied on an object); Babelfish, which has no number of its own for it, PostgreSQL's text under its
     * catch-all.
     */
    public static boolean isPermissionDenied(Throwable failure) {
        return find(failure, e -> state(e).equals(PG_INSUFFICIENT_PRIVILEGE) || e.getErrorCode() == MSSQL_PERMISSION_DENIED
                || (e.getErrorCode() == BABELFISH_UNMAPPED_ERROR && oneLine(e.getMessage()).startsWith("permission denied for ")))
                .isPresent();
    }

    /**
     * A missing schema or routine: PostgreSQL 3F000 (invalid schema name), 42883 (undefined function), 42P01
     * (undefined table); SQL Server 2812 (could not find stored procedure), 4121 (cannot find the function), 208
     * (invalid object name); Babelfish, which has no number of its own for it, PostgreSQL's text under its catch-all.
     */
    public static boolean isMissingObject(Throwable failure) {
        return find(failure, e -> MISSING_OBJECT_STATES.contains(state(e)) || MSSQL_MISSING_OBJECT.contains(e.getErrorCode())
                || (e.getErrorCode() == BABELFISH_UNMAPPED_ERROR && BABELFISH_MISSING_ROUTINE.matcher(oneLine(e.getMessage())).find()))
                .isPresent();
    }

    /**
     * The connection broke: SQLSTATE class 08 (both drivers; pgjdbc's 08006 for an I/O error, 08003 for a
     * closed connection, mssql-jdbc's 08S01), or the server ended the session (PostgreSQL 57P01 to 57P03).
     */
    static boolean isConnectionLost(SQLException failure) {
        return find(failure, e -> state(e).startsWith(CONNECTION_CLASS) || state(e).equals(PG_ADMIN_SHUTDOWN)
                || state(e).equals(PG_CRASH_SHUTDOWN) || state(e).equals(PG_CANNOT_CONNECT_NOW)).isPresent();
    }

    /**
     * A URL no driver reads: the drivers' data sources refuse it with IllegalArgumentException, DriverManager
     * finds no driver for it, mssql-jdbc calls it badly formed or a part of it not valid.
     */
    private static boolean isMalformedUrl(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof IllegalArgumentException) {
                return true;
            }
            if (t instanceof SQLException e) {
                String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
                if (message.startsWith("no suitable driver") || message.contains("badly formed") || message.contains("is not valid")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isNetworkFailure(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The host of mssql-jdbc's TCP failure when that name does not resolve (the driver says only that TCP failed). */
    private static Optional<String> unresolvableTcpHost(Throwable failure) {
        for (Throwable t : chain(failure)) {
            Matcher tcp = MSSQL_TCP_FAILURE.matcher(t.getMessage() == null ? "" : t.getMessage());
            if (tcp.find()) {
                try {
                    InetAddress.getByName(tcp.group(1));
                    return Optional.empty();
                } catch (UnknownHostException e) {
                    return Optional.of(tcp.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /** The host an UnknownHostException names ("db.example" or "db.example: Name or service not known"). */
    private static String hostOf(UnknownHostException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int colon = message.indexOf(':');
        return colon < 0 ? message : message.substring(0, colon);
    }

    /** The driver's own message: the deepest SQLException's, else the failure's. */
    private static String detail(Throwable failure) {
        String detail = failure.getMessage();
        for (Throwable t : chain(failure)) {
            if (t instanceof SQLException && t.getMessage() != null) {
                detail = t.getMessage();
            }
        }
        return detail;
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static Optional<SQLException> find(Throwable failure, Predicate<SQLException> test) {
        for (Throwable t : chain(failure)) {
            if (t instanceof SQLException e && test.test(e)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        return chain(failure).stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    /** A driver's message on one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }

    /** The first sentence of a driver's message, without the advice that follows it (the next step replaces it). */
    private static String firstSentence(String message) {
        String line = sentence(message);
        int end = line.indexOf(". ");
        return end < 0 ? line : line.substring(0, end + 1);
    }

    /** A driver's message on one line, ending as a sentence, so that the next step reads after it. */
    private static String sentence(String message) {
        String line = oneLine(message);
        return line.isEmpty() || line.endsWith(".") ? line : line + ".";
    }
}
