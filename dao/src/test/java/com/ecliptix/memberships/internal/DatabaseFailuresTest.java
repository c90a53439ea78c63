package com.ecliptix.memberships.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.ConnectionFailedException;
import com.ecliptix.memberships.ConnectionLostException;
import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.ErrorKind;
import com.ecliptix.memberships.LockTimeoutException;
import com.ecliptix.memberships.internal.DatabaseFailures.Stage;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one reading of the engines' errors, on the drivers' exceptions as they arrive (texts and codes as
 * pgjdbc, mssql-jdbc and HikariCP raise them): every failure to connect becomes its kind, in one line
 * naming the next step and never the password; a failed call becomes what its stage makes it.
 */
class DatabaseFailuresTest {

    private static final String TARGET = "jdbc:postgresql://db.example:5432/memberships";

    @Test
    void malformedUrlsNeverEchoTheDriversTextWhichMayHoldThePassword() {
        assertConnecting(ErrorKind.CONNECTION_MALFORMED_URL, new IllegalArgumentException("URL invalid"), "Expected jdbc:postgresql://");
        ConnectionFailedException e = assertConnecting(ErrorKind.CONNECTION_MALFORMED_URL,
                new RuntimeException("Failed to get driver instance for jdbcUrl=jdbc:postgres://u:s3cret@h/db",
                        new SQLException("No suitable driver", "08001")), "Malformed JDBC URL");
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertConnecting(ErrorKind.CONNECTION_MALFORMED_URL,
                new SQLException("The port number notaport is not valid.", "08S01"), "Malformed JDBC URL");
        assertConnecting(ErrorKind.CONNECTION_MALFORMED_URL,
                new SQLException("The connection string contains a badly formed name or value.", "08S01"), "Malformed");
    }

    @Test
    void nothingAnsweringIsUnreachableAndAnUnknownHostIsNamed() {
        assertConnecting(ErrorKind.CONNECTION_UNREACHABLE, new SQLException("Connection to 127.0.0.1:5999 refused. Check that the"
                + " hostname and port are correct and that the postmaster is accepting TCP/IP connections.", "08001",
                new ConnectException("Connection refused")), "No database server answers at " + TARGET + ": Connection to 127.0.0.1:5999 refused");
        ConnectionFailedException unknown = assertConnecting(ErrorKind.CONNECTION_UNREACHABLE,
                new SQLException("The connection attempt failed.", "08001", new UnknownHostException("nohost.invalid")),
                "unknown host nohost.invalid");
        assertFalse(unknown.getMessage().contains("The connection attempt failed"), unknown.getMessage());
        assertConnecting(ErrorKind.CONNECTION_UNREACHABLE,
                new SQLException("The TCP/IP connection to the host 127.0.0.1, port 1433 has failed.", "08S01"), "port 1433");
        // mssql-jdbc keeps no UnknownHostException: the host of its TCP failure is looked up again.
        assertConnecting(ErrorKind.CONNECTION_UNREACHABLE, new SQLException("The TCP/IP connection to the host nohost.invalid,"
                + " port 1433 has failed. Error: \"nohost.invalid.\"", "08S01"), "unknown host nohost.invalid");
        assertTrue(ConnectionFailedException.classify(new SQLException("refused", "08001"), null).isRetryable());
    }

    @Test
    void aRefusedLoginSaysWhetherAPasswordMayHelp() {
        assertTrue(assertConnecting(ErrorKind.CONNECTION_LOGIN_REFUSED,
                new SQLException("FATAL: password authentication failed for user \"app\"", "28P01"), "Login refused").passwordWanted());
        assertTrue(assertConnecting(ErrorKind.CONNECTION_LOGIN_REFUSED, new SQLException(
                "The server requested password-based authentication, but no password was provided by plugin null", "08004"),
                "Login refused").passwordWanted());
        assertFalse(assertConnecting(ErrorKind.CONNECTION_LOGIN_REFUSED,
                new SQLException("FATAL: role \"app\" is not permitted to log in", "28000"), "not permitted").passwordWanted());
        assertTrue(assertConnecting(ErrorKind.CONNECTION_LOGIN_REFUSED,
                new SQLException("Login failed for user 'app'.", "S0001", 18456), "Login failed").passwordWanted());
    }

    @Test
    void aMissingDatabaseIsFoundBehindThePoolsWrapper() {
        assertConnecting(ErrorKind.CONNECTION_MISSING_DATABASE, new RuntimeException("Failed to initialize pool",
                new SQLException("FATAL: database \"nope\" does not exist", "3D000")), "Missing database");
        assertConnecting(ErrorKind.CONNECTION_MISSING_DATABASE,
                new SQLException("Cannot open database \"nope\" requested by the login.", "S0001", 4060), "Create the database");
        assertConnecting(ErrorKind.CONNECTION_MISSING_DATABASE,
                new SQLException("database \"nope\" does not exist", "S0001", 911), "Create the database");
    }

    @Test
    void noFreeConnectionInTimeIsUnavailableAndRetryable() {
        ConnectionFailedException pool = assertConnecting(ErrorKind.CONNECTION_UNAVAILABLE, new SQLTransientConnectionException(
                "ecliptix-memberships - Connection is not available, request timed out after 30000ms."), "Repeat later");
        assertTrue(pool.isRetryable());
        assertConnecting(ErrorKind.CONNECTION_UNAVAILABLE, new SQLException("FATAL: sorry, too many clients already", "53300"),
                "more connection slots");
        assertConnecting(ErrorKind.CONNECTION_FAILED, new SQLException("FATAL: no pg_hba.conf entry", "XX000"), "Cannot connect");
    }

    @Test
    void aConnectionLostBeforeTheCommitWroteNothingAndOneLostInAnAutoCommittedCallOrTheCommitIsUnknown() {
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        SQLException ioError = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        assertLost(true, DatabaseFailures.of("LoginMembership", ioError, Stage.IN_TRANSACTION));
        assertLost(true, DatabaseFailures.of("LoginMembership", new SQLException("This connection has been closed.", "08003"),
                Stage.PREPARING));
        assertLost(false, DatabaseFailures.of("LoginMembership", terminated, Stage.AUTO_COMMIT));
        assertLost(false, DatabaseFailures.of("startForPhoneNumber", ioError, Stage.COMMIT));
        assertLost(false, DatabaseFailures.of("LoginMembership", new SQLException("Connection reset", "08S01"), Stage.AUTO_COMMIT));
    }

    @Test
    void aLockNotGrantedInTimeIsARetryableLockTimeoutNamingOnlyTheSubjectsKind() {
        String phone = "+14155550100";
        LockTimeoutException postgres = assertLockTimeout(Optional.of("phone"), DatabaseFailures.of("LoginMembership", new SQLException(
                "ERROR: Lock wait timed out: the phone lock was not granted within 5000 ms; nothing was written.\n"
                        + "  Where: PL/pgSQL function ecliptix_internal.lock_subject(text) line 20 at RAISE", "55P03"), Stage.AUTO_COMMIT));
        assertTrue(postgres.getMessage().startsWith("LoginMembership: the phone lock was not granted in time"), postgres.getMessage());
        assertLockTimeout(Optional.of("flow"), DatabaseFailures.of("VerifyOtp", new SQLException(
                "Lock wait timed out: the flow lock was not granted within 5000 ms; nothing was written.", "S0001", 51001),
                Stage.IN_TRANSACTION));
        assertLockTimeout(Optional.empty(), DatabaseFailures.of("LoginMembership",
                new SQLException("ERROR: canceling statement due to lock timeout", "55P03"), Stage.AUTO_COMMIT));
        assertLockTimeout(Optional.empty(), DatabaseFailures.of("LoginMembership",
                new SQLException("Lock request time out period exceeded.", "S00012", 1222), Stage.IN_TRANSACTION));
        // Whatever the database's text holds, the message holds only the kind: never a phone number.
        LockTimeoutException leaky = assertLockTimeout(Optional.of("phone"), DatabaseFailures.of("CreateMembership", new SQLException(
                "the phone lock was not granted for phone:" + phone, "55P03"), Stage.AUTO_COMMIT));
        assertFalse(leaky.getMessage().contains(phone), leaky.getMessage());
        // sp_getapplock refusing for another reason is not a timeout.
        assertEquals(ErrorKind.ROUTINE, DatabaseFailures.of("LoginMembership", new SQLException(
                "The phone lock was not granted (sp_getapplock -3).", "S0001", 50001), Stage.AUTO_COMMIT).kind());
    }

    @Test
    void otherFailuresOfACallKeepTheirKind() {
        assertEquals(ErrorKind.CONFIGURATION,
                DatabaseFailures.of("RegisterAppDeviceIfNotExists", new SQLException("not supported", "0A000"), Stage.PREPARING).kind());
        EcliptixMembershipsException deadlock = DatabaseFailures.of("CreateMembership", new SQLException("deadlock detected", "40P01"),
                Stage.AUTO_COMMIT);
        assertEquals(ErrorKind.CONFLICT, deadlock.kind());
        assertTrue(deadlock.isRetryable());
        assertEquals(ErrorKind.CONFLICT, DatabaseFailures.of("CreateMembership",
                new SQLException("Transaction was deadlocked", "40001", 1205), Stage.IN_TRANSACTION).kind());
        EcliptixMembershipsException syntax = DatabaseFailures.of("LoginMembership", new SQLException("syntax error\n  Where: line 3",
                "42601"), Stage.AUTO_COMMIT);
        assertEquals(ErrorKind.ROUTINE, syntax.kind());
        assertFalse(syntax.isRetryable());
        assertEquals(1, syntax.getMessage().lines().count(), syntax.getMessage());
    }

    @Test
    void aMissingRoutineIsRecognisedOnEachEngineAndNotEveryBabelfishErrorIsOne() {
        assertTrue(DatabaseFailures.isMissingObject(new SQLException("function dbo.\"GetConfigValue\"(character varying) does not exist",
                "42883")));
        assertTrue(DatabaseFailures.isMissingObject(new SQLException("Could not find stored procedure 'dbo.GetConfigValue'.", "S0001",
                2812)));
        // Babelfish: PostgreSQL's text under its catch-all number.
        assertTrue(DatabaseFailures.isMissingObject(new SQLException(
                "procedure ecliptix_tmp_20261207_125055_4c665d4f_dbo.getconfigvalue(\"varchar\") does not exist", "S0001", 33557097)));
        assertFalse(DatabaseFailures.isMissingObject(new SQLException("permission denied for table loginattempts", "S0001", 33557097)));
        assertFalse(DatabaseFailures.isMissingObject(new SQLException("relation \"db_db_dbo.phonenumbers\" does not exist", "S0001",
                33557097)));
    }

    private static ConnectionFailedException assertConnecting(ErrorKind kind, Throwable failure, String fragment) {
        ConnectionFailedException e = ConnectionFailedException.classify(failure, TARGET);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), fragment + " in " + e.getMessage());
        assertEquals(failure, e.getCause());
        return e;
    }

    private static LockTimeoutException assertLockTimeout(Optional<String> subjectKind, EcliptixMembershipsException e) {
        LockTimeoutException timeout = assertInstanceOf(LockTimeoutException.class, e);
        assertEquals(ErrorKind.LOCK_TIMEOUT, timeout.kind());
        assertTrue(timeout.isRetryable());
        assertEquals(subjectKind, timeout.subjectKind());
        assertTrue(timeout.getMessage().contains("nothing was written. Repeat the call"), timeout.getMessage());
        assertEquals(1, timeout.getMessage().lines().count(), timeout.getMessage());
        return timeout;
    }

    private static void assertLost(boolean nothingWritten, EcliptixMembershipsException e) {
        ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, e);
        assertEquals(ErrorKind.CONNECTION_LOST, lost.kind());
        assertEquals(nothingWritten, lost.nothingWritten());
        assertEquals(nothingWritten, lost.isRetryable());
    }
}
