package com.ecliptix.memberships.testing;

import com.ecliptix.memberships.schema.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A lock held by another session, as a stuck transaction or a slow operator script holds it, in an open
 * transaction of the owner, released on {@link #close()} by rolling that transaction back: a subject's lock
 * (e.g. {@code phone:+14155550100}) taken through the routines' own {@code lock_subject}, or the row locks of
 * an UPDATE.
 *
 * <p>On SQL Server the transaction is begun explicitly: with auto-commit off the driver only sets
 * IMPLICIT_TRANSACTIONS, under which an EXEC opens no transaction and lock_subject refuses to run.
 */
public final class HeldLock implements AutoCloseable {

    private final Connection connection;
    private final Engine engine;
    private final int session;

    private HeldLock(Connection connection, Engine engine, int session) {
        this.connection = connection;
        this.engine = engine;
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
            return new HeldLock(connection, db.engine(), sessionId(connection, db.engine()));
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
