package com.ecliptix.memberships.testing;

import com.ecliptix.memberships.schema.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assertions;

/**
 * A lock held by another session, as a stuck transaction or a slow operator script holds it, in an open
 * transaction of the owner, released on {@link #close()} by rolling that transaction back: a subject's lock
 * (e.g. {@code phone:+14155550100}) taken through the routines' own {@code lock_subject}, or the row locks of
 * an UPDATE.
 *
 * <p>It also tells whether it still holds its lock and waits until a call waits for it, so a test proves
 * that a call waited rather than assuming it. Each engine's lock views differ: PostgreSQL's {@code pg_locks}
 * and {@code pg_blocking_pids}, SQL Server's {@code sys.dm_tran_locks} and {@code sys.dm_exec_requests}, and
 * Babelfish, which has neither of the latter two, its PostgreSQL catalog seen from T-SQL.
 *
 * <p>On SQL Server the transaction is begun explicitly: with auto-commit off the driver only sets
 * IMPLICIT_TRANSACTIONS, under which an EXEC opens no transaction and lock_subject refuses to run.
 */
public final class HeldLock implements AutoCloseable {

    /** How long a call may take to start waiting; only keeps a broken test from hanging the suite. */
    private static final Duration GUARD = Duration.ofMinutes(2);

    private final TestDatabase db;
    private final Connection connection;
    private final Engine engine;
    private final int session;

    private HeldLock(TestDatabase db, Connection connection, int session) {
        this.db = db;
        this.connection = connection;
        this.engine = db.engine();
        this.session = session;
    }

    /** The subject's lock, as the routines take it. */
    public static HeldLock hold(TestDatabase db, String subject) throws SQLException {
        String sql = db.engine() == Engine.POSTGRESQL
                ? "SELECT ecliptix_internal.lock_subject(?)"
                : "EXEC ecliptix_internal.lock_subject @Subject = ?";
        return open(db, sql, subject);
    }

    /** The row locks of {@code update} (ANSI quoted names, ? parameters), held until closed. */
    public static HeldLock rows(TestDatabase db, String update, Object... parameters) throws SQLException {
        return open(db, update, parameters);
    }

    private static HeldLock open(TestDatabase db, String sql, Object... parameters) throws SQLException {
        Connection connection = db.ownerDataSource().getConnection();
        try {
            begin(connection, db.engine());
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                statement.execute();
            }
            return new HeldLock(db, connection, sessionId(connection, db.engine()));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The server's id of a connection's session: PostgreSQL's backend pid, SQL Server's SPID. */
    public static int sessionId(Connection connection, Engine engine) throws SQLException {
        String sql = engine == Engine.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT @@SPID";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The server's id of the session that holds the lock, to tell who waits for it. */
    public int session() {
        return session;
    }

    /** Whether this session still holds an application lock: its transaction is open and owns one. */
    public boolean stillHolds() throws SQLException {
        String sql = engine == Engine.POSTGRESQL
                ? "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()"
                : db.isBabelfish()
                // Babelfish takes sp_getapplock as an advisory lock; T-SQL needs the boolean compared.
                ? "SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND CAST(granted AS INT) = 1 AND pid = @@SPID"
                : "SELECT count(*) FROM sys.dm_tran_locks WHERE resource_type = 'APPLICATION'"
                        + " AND request_status = 'GRANT' AND request_session_id = @@SPID";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** Waits until some session waits for this holder's lock, and returns that session's id; fails when {@code call} ends first. */
    public int awaitAWaiter(Future<?> call) throws Exception {
        return await(call, null);
    }

    /** Waits until the given session waits for this holder's lock; fails when {@code call} ends first. */
    public void awaitWaiter(int waiter, Future<?> call) throws Exception {
        await(call, waiter);
    }

    private int await(Future<?> call, Integer waiter) throws Exception {
        Instant giveUp = Instant.now().plus(GUARD);
        long found;
        while ((found = waiter(waiter)) < 0) {
            if (call.isDone()) {
                Assertions.fail("the call ended before it waited for the held lock: " + call.get());
            }
            if (Instant.now().isAfter(giveUp)) {
                Assertions.fail("the call never waited for the held lock");
            }
            Thread.sleep(20);
        }
        return (int) found;
    }

    /** The session id of one that waits for this holder ({@code waiter}, when given), or -1. */
    private long waiter(Integer waiter) {
        int only = waiter == null ? -1 : waiter;
        String sql;
        if (engine == Engine.POSTGRESQL) {
            sql = "SELECT COALESCE(min(pid), -1) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))"
                    + " AND (? < 0 OR pid = ?)";
        } else if (db.isBabelfish()) {
            // No sys.dm_exec_requests, pg_blocking_pids returns an array T-SQL cannot compare, and every
            // T-SQL database shares one PostgreSQL database: any other session waiting for a lock is taken
            // to be the call under test (the suite runs one test at a time).
            sql = "SELECT COALESCE(MIN(pid), -1) FROM pg_catalog.pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND pid <> ? AND (? < 0 OR pid = ?)";
        } else {
            sql = "SELECT COALESCE(MIN(session_id), -1) FROM sys.dm_exec_requests WHERE blocking_session_id = ?"
                    + " AND (? < 0 OR session_id = ?)";
        }
        return db.queryLong(sql, session, only, only);
    }

    private static void begin(Connection connection, Engine engine) throws SQLException {
        switch (engine) {
            case POSTGRESQL -> connection.setAutoCommit(false);
            case SQLSERVER -> {
                try (Statement begin = connection.createStatement()) {
                    begin.execute("BEGIN TRANSACTION");
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (connection) {
            switch (engine) {
                case POSTGRESQL -> {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                case SQLSERVER -> {
                    try (Statement rollback = connection.createStatement()) {
                        rollback.execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION");
                    }
                }
            }
        }
    }
}
