package com.ecliptix.memberships.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

/**
 * Hands jOOQ connections at READ COMMITTED, the isolation the routines' locks are written for, and
 * puts back a connection's own isolation before it returns to the caller's pool.
 */
public final class ReadCommittedConnections implements ConnectionProvider {

    private final DataSource dataSource;
    private final Map<Connection, Integer> changedIsolation = new ConcurrentHashMap<>();

    public ReadCommittedConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection acquire() {
        try {
            Connection connection = dataSource.getConnection();
            int original = connection.getTransactionIsolation();
            if (original != Connection.TRANSACTION_READ_COMMITTED) {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                changedIsolation.put(connection, original);
            }
            return connection;
        } catch (SQLException e) {
            throw new DataAccessException("Cannot get a connection: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(Connection connection) {
        try (connection) {
            Integer original = changedIsolation.remove(connection);
            if (original != null) {
                connection.setTransactionIsolation(original);
            }
        } catch (SQLException e) {
            throw new DataAccessException("Cannot release a connection: " + e.getMessage(), e);
        }
    }
}
