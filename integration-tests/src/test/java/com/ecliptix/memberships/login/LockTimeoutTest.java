package com.ecliptix.memberships.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ecliptix.memberships.ErrorKind;
import com.ecliptix.memberships.LockTimeoutException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subject's lock is waited for within Locking.LockTimeoutMilliseconds and no longer: while another
 * session holds a phone's lock (a stuck transaction, an operator's script), a login for that phone ends
 * with the engine's lock-timeout error (PostgreSQL 55P03, SQL Server 51001) naming the subject's kind, never
 * the number, and writes nothing. A lock freed within the bound is taken and the call goes on.
 */
@DatabaseTest
class LockTimeoutTest {

    /** Long enough to see the call wait on any machine; the holder keeps its lock far longer than this. */
    private static final int BOUND_MILLIS = 300;

    @AfterEach
    void restoreTheBound(TestDatabase db) {
        setBound(db, DocumentedDefaults.of(Limit.LOCK_TIMEOUT));
    }

    @Test
    void aHeldPhoneLockEndsTheLoginWithTheLockTimeoutErrorAndWritesNothing(TestDatabase db) throws Exception {
        String phone = Phones.unique();
        setBound(db, BOUND_MILLIS);
        long rowsBefore = db.totalRows();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (LockHolder holder = LockHolder.take(db, "phone:" + phone)) {
            Future<LoginResult> login = caller.submit(() -> db.api().logins().login(phone));

            // The holder keeps the lock until after this: the call ends because of its bound, not because
            // the lock was freed. The guard only keeps a broken bound from hanging the suite.
            ExecutionException failed = null;
            try {
                LoginResult unexpected = login.get(60, TimeUnit.SECONDS);
                fail("the login did not wait for the held lock: " + unexpected.outcome());
            } catch (ExecutionException e) {
                failed = e;
            }
            LockTimeoutException typed = assertInstanceOf(LockTimeoutException.class, failed.getCause());
            assertEquals(ErrorKind.LOCK_TIMEOUT, typed.kind());
            assertTrue(typed.isRetryable(), "the call had no effect, so it may be retried");
            assertFalse(typed.getMessage().contains(phone.substring(1)), "the API's message never holds the phone number: " + typed.getMessage());
            SQLException error = sqlException(failed.getCause());
            assertTrue(isLockTimeout(db.engine(), error), "SQL state " + error.getSQLState() + ", error "
                    + error.getErrorCode() + ": " + error.getMessage());
            assertTrue(error.getMessage().contains("phone lock"), "the message names the subject's kind: " + error.getMessage());
            assertFalse(error.getMessage().contains(phone.substring(1)), "the message never holds the phone number: " + error.getMessage());
            assertTrue(holder.stillHolds(), "the holder kept its lock throughout");
        } finally {
            caller.shutdownNow();
        }

        assertEquals(rowsBefore, db.totalRows(), "the timed-out login wrote nothing");
        assertEquals(0, db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone));

        assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, db.api().logins().login(phone).outcome(), "once freed, the lock is taken");
        assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone));
    }

    @Test
    void aLockFreedWithinTheBoundIsTakenAndTheCallGoesOn(TestDatabase db) throws Exception {
        String phone = Phones.unique();
        setBound(db, 120_000);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<LoginResult> login;
            try (LockHolder holder = LockHolder.take(db, "phone:" + phone)) {
                login = caller.submit(() -> db.api().logins().login(phone));
                holder.awaitAWaiter(login);
            }

            assertEquals(LoginOutcome.PHONE_NUMBER_NOT_FOUND, login.get(60, TimeUnit.SECONDS).outcome());
            assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone));
        } finally {
            caller.shutdownNow();
        }
    }

    private static void setBound(TestDatabase db, int millis) {
        db.operatorApi().configuration().setDuration(Limit.LOCK_TIMEOUT, Duration.ofMillis(millis));
    }

    static boolean isLockTimeout(Engine engine, SQLException e) {
        return switch (engine) {
            case POSTGRESQL -> "55P03".equals(e.getSQLState()); // lock_not_available
            case SQLSERVER -> e.getErrorCode() == 51001;
        };
    }

    private static SQLException sqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return e;
            }
        }
        throw new AssertionError("not a database error", failure);
    }

    /**
     * Another session of the owner that holds a subject's lock in an open transaction, through the same
     * helper the routines use, until closed (rolled back).
     */
    private static final class LockHolder implements AutoCloseable {

        private final TestDatabase db;
        private final Connection connection;

        private LockHolder(TestDatabase db, Connection connection) {
            this.db = db;
            this.connection = connection;
        }

        static LockHolder take(TestDatabase db, String subject) throws SQLException {
            Connection c = db.ownerDataSource().getConnection();
            try {
                switch (db.engine()) {
                    case POSTGRESQL -> {
                        c.setAutoCommit(false);
                        try (PreparedStatement s = c.prepareStatement("SELECT ecliptix_internal.lock_subject(?)")) {
                            s.setString(1, subject);
                            s.execute();
                        }
                    }
                    case SQLSERVER -> {
                        try (Statement s = c.createStatement()) {
                            s.execute("BEGIN TRANSACTION");
                        }
                        try (PreparedStatement s = c.prepareStatement("EXEC ecliptix_internal.lock_subject @Subject = ?")) {
                            s.setString(1, subject);
                            s.execute();
                        }
                    }
                }
                return new LockHolder(db, c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        /** Whether this session still holds an application lock (its transaction is open and owns one). */
        boolean stillHolds() throws SQLException {
            String sql = switch (db.engine()) {
                case POSTGRESQL -> "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()";
                case SQLSERVER -> "SELECT count(*) FROM sys.dm_tran_locks WHERE resource_type = 'APPLICATION'"
                        + " AND request_status = 'GRANT' AND request_session_id = @@SPID";
            };
            try (Statement s = connection.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }

        /** Until another session waits for an application lock (the call under test), not for a fixed time. */
        void awaitAWaiter(Future<?> call) throws Exception {
            String sql = switch (db.engine()) {
                case POSTGRESQL -> "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
                case SQLSERVER -> "SELECT count(*) FROM sys.dm_tran_locks WHERE resource_type = 'APPLICATION'"
                        + " AND request_status = 'WAIT' AND resource_database_id = DB_ID()";
            };
            for (int i = 0; i < 3000; i++) {
                if (call.isDone()) {
                    fail("the call did not wait for the held lock: " + call.get());
                }
                try (Statement s = connection.createStatement(); var rs = s.executeQuery(sql)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            fail("the call never waited for the lock");
        }

        @Override
        public void close() throws SQLException {
            try (connection) {
                switch (db.engine()) {
                    case POSTGRESQL -> connection.rollback();
                    case SQLSERVER -> {
                        try (Statement s = connection.createStatement()) {
                            s.execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION");
                        }
                    }
                }
            }
        }
    }
}
