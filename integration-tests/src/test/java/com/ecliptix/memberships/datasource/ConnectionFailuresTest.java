package com.ecliptix.memberships.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.ConnectionFailedException;
import com.ecliptix.memberships.ConnectionLostException;
import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.ErrorKind;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.HeldLock;
import com.ecliptix.memberships.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each way connecting fails ends {@code build()} with a {@link ConnectionFailedException} of its own kind,
 * one line naming the next step and never the password; a connection lost in the middle of a call is a
 * {@link ConnectionLostException} that says whether the call may have taken effect, and the same API object
 * works again afterwards.
 */
@DatabaseTest
class ConnectionFailuresTest {

    private static final byte[] KEY = {1, 2, 3};

    @Test
    void eachFailureToConnectHasItsKind(TestDatabase db) throws IOException {
        ConnectionSettings login = db.applicationLogin().settings();
        String wrongPassword = "wrong-" + login.password();
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort(); // free once closed: nothing listens there
        }
        String host = db.engine() == Engine.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:sqlserver://";

        assertFailure(ErrorKind.CONNECTION_MALFORMED_URL, "Expected jdbc:postgresql://", host + "127.0.0.1:notaport/x", "u", wrongPassword);
        ConnectionFailedException refused = assertFailure(ErrorKind.CONNECTION_UNREACHABLE, "Start the server",
                host + "127.0.0.1:" + freePort + (db.engine() == Engine.POSTGRESQL ? "/x" : ";databaseName=x"), "u", wrongPassword);
        assertTrue(refused.isRetryable(), "nothing was sent");
        assertFailure(ErrorKind.CONNECTION_UNREACHABLE, "unknown host ecliptix-no-such-host.invalid",
                host + "ecliptix-no-such-host.invalid:5432" + (db.engine() == Engine.POSTGRESQL ? "/x" : ";databaseName=x"),
                "u", wrongPassword);
        // An unknown user: the local server may trust every password, never an unknown role.
        ConnectionFailedException badLogin = assertFailure(ErrorKind.CONNECTION_LOGIN_REFUSED, "Check the user and its password",
                login.jdbcUrl(), login.user() + "_unknown", wrongPassword);
        assertFalse(badLogin.isRetryable());
        ConnectionSettings missing = login.withDatabase(db.name() + "_missing");
        assertFailure(ErrorKind.CONNECTION_MISSING_DATABASE, "Create the database", missing.jdbcUrl(), login.user(), login.password());
    }

    @ParameterizedTest(name = "pool autoCommit={0}")
    @ValueSource(booleans = {true, false})
    void aConnectionLostDuringACallSaysWhetherItMayHaveTakenEffectAndTheApiWorksAgain(boolean autoCommit, TestDatabase db)
            throws Exception {
        String phone = new Fixtures(db).activeMember(KEY);
        ConnectionSettings login = db.applicationLogin().settings();
        HikariConfig config = new HikariConfig();
        config.setPoolName("lost-" + autoCommit);
        config.setJdbcUrl(login.jdbcUrl());
        config.setUsername(login.user());
        config.setPassword(login.password());
        config.setMaximumPoolSize(2);
        config.setAutoCommit(autoCommit);
        try (HikariDataSource pool = new HikariDataSource(config);
             EcliptixMemberships api = EcliptixMemberships.builder().dataSource(pool).build()) {
            long attempts = db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone);
            CompletableFuture<LoginOutcome> call;
            try (HeldLock held = HeldLock.hold(db, "phone:" + phone)) {
                call = CompletableFuture.supplyAsync(() -> api.logins().login(phone).outcome());
                db.endSession(held.awaitAWaiter(call));
                ExecutionException failed = assertThrows(ExecutionException.class, () -> call.get(1, TimeUnit.MINUTES));
                ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, failed.getCause());
                assertEquals(ErrorKind.CONNECTION_LOST, lost.kind());
                assertEquals("LoginMembership", lost.routine());
                // In auto-commit the engine commits the statement itself: the API cannot know how far it got.
                assertEquals(!autoCommit, lost.nothingWritten(), lost.getMessage());
                assertEquals(!autoCommit, lost.isRetryable());
            }
            assertEquals(attempts, db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone), "nothing was written");
            assertEquals(LoginOutcome.SUCCESS, api.logins().login(phone).outcome(), "the same API object works again");
        }
    }

    private static ConnectionFailedException assertFailure(ErrorKind kind, String fragment, String url, String user, String password) {
        ConnectionFailedException e = assertThrows(ConnectionFailedException.class,
                () -> EcliptixMemberships.builder().jdbc(url, user, password).build());
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), fragment + " in " + e.getMessage());
        assertFalse(e.getMessage().contains(password), "no password in " + e.getMessage());
        return e;
    }
}
