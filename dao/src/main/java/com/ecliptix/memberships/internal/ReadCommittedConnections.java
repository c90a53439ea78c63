package com.ecliptix.memberships.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

/**
 * Hands jOOQ connections at READ COMMITTED, the isolation the routines' locks are written for, without a
 * round trip per call.
 *
 * <p>Asking a connection for its isolation costs a round trip on pgjdbc ({@code SHOW TRANSACTION ISOLATION
 * LEVEL}), a second transaction next to the routine's own. So:
 * <ul>
 *   <li>A pool the API builds sets READ COMMITTED on each physical connection when it opens it
 *       ({@link #setByPool}); borrowing one does nothing more.</li>
 *   <li>A caller's data source: each physical connection (found by unwrapping the pool's proxy) is asked once
 *       and, when it is at READ COMMITTED, remembered (weakly, by identity, so closed connections are
 *       forgotten). This relies on what every pool does: a connection comes back at the isolation it was
 *       handed out with. A connection at another isolation is set to READ COMMITTED for the call and given
 *       back at its own.</li>
 * </ul>
 */
public final class ReadCommittedConnections implements ConnectionProvider {

    private final DataSource dataSource;
    private final boolean setByPool;
    /** Physical connections seen at READ COMMITTED; WeakHashMap compares them by identity (drivers keep Object's equals). */
    private final Set<Connection> readCommitted = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final Map<Connection, Integer> changedIsolation = new ConcurrentHashMap<>();

    private ReadCommittedConnections(DataSource dataSource, boolean setByPool) {
        this.dataSource = dataSource;
        this.setByPool = setByPool;
    }

    /** Connections of a pool that opens each one at READ COMMITTED (HikariCP's {@code transactionIsolation}). */
    public static ReadCommittedConnections setByPool(DataSource pool) {
        return new ReadCommittedConnections(pool, true);
    }

    /** Connections of a caller's data source, whose isolation is checked once per physical connection. */
    public static ReadCommittedConnections checkedOnce(DataSource dataSource) {
        return new ReadCommittedConnections(dataSource, false);
    }

    @Override
    public Connection acquire() {
        try {
            Connection connection = dataSource.getConnection();
            if (setByPool) {
                return connection;
            }
            try {
                Connection physical = physical(connection);
                if (readCommitted.contains(physical)) {
                    return connection;
                }
                int original = connection.getTransactionIsolation();
                if (original == Connection.TRANSACTION_READ_COMMITTED) {
                    readCommitted.add(physical);
                } else {
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    changedIsolation.put(connection, original);
                }
                return connection;
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("Cannot get a connection: " + e.getMessage(), e);
        }
    }

    /** The driver's connection behind a pool's proxy (no round trip), or the connection itself. */
    private static Connection physical(Connection connection) {
        try {
            return connection.isWrapperFor(Connection.class) ? connection.unwrap(Connection.class) : connection;
        } catch (SQLException e) {
            return connection;
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
