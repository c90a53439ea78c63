package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.EcliptixMembershipsException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every call and flow step gets its connection and its transaction, whatever the data source's
 * auto-commit and default isolation (what a caller's data source must be: docs/datasource.md):
 * <ul>
 *   <li><b>Committed before it answers.</b> A single call on a connection in auto-commit is one statement,
 *       which the engine commits before it answers; on a connection that is not in auto-commit the API
 *       commits after the call (a pool set to {@code autoCommit=false} would otherwise roll it back when the
 *       connection returns). A flow step turns auto-commit off for its calls and commits them once.</li>
 *   <li><b>At READ COMMITTED</b>, the isolation the routines' locks are written for. The isolation each
 *       physical connection is handed out with is asked once (a round trip on pgjdbc) and remembered, weakly
 *       by identity: pools hand a connection out again at the isolation it had. A connection at another
 *       isolation is set to READ COMMITTED for the call and put back after it. A pool the API builds opens
 *       its connections at READ COMMITTED, so nothing is asked.</li>
 *   <li><b>Given back as it was found</b>: auto-commit and isolation restored after the commit. A connection
 *       that cannot be restored is aborted, so that its pool replaces it; the committed call stands.</li>
 * </ul>
 */
public final class Transactions {

    /** Work on a connection, by plain JDBC. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final int READ_COMMITTED = Connection.TRANSACTION_READ_COMMITTED;

    private final DataSource dataSource;
    private final SQLDialect dialect;
    private final boolean readCommittedByPool;
    /** Physical connections and the isolation they are handed out with; WeakHashMap compares them by identity. */
    private final Map<Connection, Integer> isolations = Collections.synchronizedMap(new WeakHashMap<>());

    private Transactions(DataSource dataSource, SQLDialect dialect, boolean readCommittedByPool) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.readCommittedByPool = readCommittedByPool;
    }

    /**
     * For the API's calls, which write: opens one connection to find the engine, and refuses a data source
     * that hands out read-only connections.
     *
     * @param readCommittedByPool true for a pool the API built, which opens each connection at READ COMMITTED
     */
    public static Transactions forWriting(DataSource dataSource, boolean readCommittedByPool) {
        return new Transactions(dataSource, inspect(dataSource, true), readCommittedByPool);
    }

    /** For reads only; opens one connection to find the engine. */
    public static Transactions forReading(DataSource dataSource) {
        return new Transactions(dataSource, inspect(dataSource, false), false);
    }

    private static SQLDialect inspect(DataSource dataSource, boolean writes) {
        try (Connection connection = dataSource.getConnection()) {
            if (writes && connection.isReadOnly()) {
                throw new ConfigurationException("The data source hands out read-only connections, and the API writes:"
                        + " give it connections with readOnly=false (see docs/datasource.md)");
            }
            return JooqDialect.of(connection);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof EcliptixMembershipsException known) {
                throw known;
            }
            throw DatabaseFailures.connecting("connect", e);
        }
    }

    /** Over connections of a known engine, without opening one (tests). */
    static Transactions over(DataSource dataSource, SQLDialect dialect) {
        return new Transactions(dataSource, dialect, false);
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /** One call, committed before this returns. */
    public <T> T call(String routine, Work<T> work) {
        return run(routine, false, work);
    }

    /** A flow step: every call of {@code work} on one connection, committed together or not at all. */
    public <T> T step(String step, Work<T> work) {
        return run(step, true, work);
    }

    private <T> T run(String name, boolean step, Work<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            throw DatabaseFailures.connecting(name, e);
        }
        try {
            return runOn(connection, name, step, work);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("Closing a connection after {} failed: {}", name, e.getMessage());
            }
        }
    }

    private <T> T runOn(Connection connection, String name, boolean step, Work<T> work) {
        boolean autoCommit;
        int isolation;
        try {
            autoCommit = connection.getAutoCommit();
            isolation = isolation(connection);
            if (isolation != READ_COMMITTED) {
                connection.setTransactionIsolation(READ_COMMITTED);
            }
            if (step && autoCommit) {
                connection.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(name, e, DatabaseFailures.Stage.PREPARING);
        }
        boolean ownTransaction = step || !autoCommit;
        DatabaseFailures.Stage stage = ownTransaction ? DatabaseFailures.Stage.IN_TRANSACTION : DatabaseFailures.Stage.AUTO_COMMIT;
        try {
            T result = work.run(connection);
            if (ownTransaction) {
                stage = DatabaseFailures.Stage.COMMIT;
                connection.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (ownTransaction) {
                rollback(connection, name);
            }
            throw e instanceof SQLException failure ? DatabaseFailures.of(name, failure, stage) : (RuntimeException) e;
        } finally {
            restore(connection, name, step && autoCommit, isolation);
        }
    }

    /** The isolation the connection was handed out with, asked once per physical connection. */
    private int isolation(Connection connection) throws SQLException {
        if (readCommittedByPool) {
            return READ_COMMITTED;
        }
        Connection physical = physical(connection);
        Integer known = isolations.get(physical);
        if (known == null) {
            known = connection.getTransactionIsolation();
            isolations.put(physical, known);
        }
        return known;
    }

    /** The driver's connection behind a pool's proxy (no round trip), or the connection itself. */
    private static Connection physical(Connection connection) {
        try {
            return connection.isWrapperFor(Connection.class) ? connection.unwrap(Connection.class) : connection;
        } catch (SQLException e) {
            return connection;
        }
    }

    private static void rollback(Connection connection, String name) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The failure being reported says more; a connection that cannot roll back is lost or closed.
            LOG.debug("Rolling back {} failed: {}", name, e.getMessage());
        }
    }

    /** Puts auto-commit and isolation back; a connection that refuses is aborted, so that its pool replaces it. */
    private static void restore(Connection connection, String name, boolean autoCommit, int isolation) {
        try {
            if (autoCommit) {
                connection.setAutoCommit(true);
            }
            if (isolation != READ_COMMITTED) {
                connection.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            LOG.warn("After {}, the connection could not be given back as it was found ({}); it is aborted", name, e.getMessage());
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // Closing it next is all that is left.
            }
        }
    }
}
