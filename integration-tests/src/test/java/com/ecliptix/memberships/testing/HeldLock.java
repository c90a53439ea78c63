package com.ecliptix.memberships.testing;

import com.ecliptix.memberships.schema.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A subject's lock (e.g. {@code phone:+14155550100}) held by another session, as a stuck transaction or a
 * slow operator script holds it: taken through the routines' own {@code LockSubject} in an open transaction
 * of the owner, released on {@link #close()} by rolling that transaction back.
 */
public final class HeldLock implements AutoCloseable {

    private final Connection connection;

    private HeldLock(Connection connection) {
        this.connection = connection;
    }

    public static HeldLock hold(TestDatabase db, String subject) throws SQLException {
        Connection connection = db.ownerDataSource().getConnection();
        try {
            connection.setAutoCommit(false);
            String sql = db.engine() == Engine.POSTGRESQL
                    ? "SELECT ecliptix_internal.lock_subject(?)"
                    : "EXEC ecliptix_internal.LockSubject @Subject = ?";
            try (PreparedStatement lock = connection.prepareStatement(sql)) {
                lock.setString(1, subject);
                lock.execute();
            }
            return new HeldLock(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        try (connection) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }
}
