package com.ecliptix.memberships.internal;

import com.zaxxer.hikari.HikariConfig;

/**
 * The one HikariCP setup: the pool {@code EcliptixMemberships.builder().jdbc(...)} builds, and the pools of the
 * integration tests.
 */
public final class ConnectionPools {

    /**
     * Run once on each new T-SQL connection. Babelfish (4.4) re-analyses a foreign key check's cached plan in
     * its T-SQL dialect after the session's first table variable, mapping the check's schema a second time:
     * the next check of each key fails with {@code relation "<db>_<db>_dbo.<table>" does not exist}
     * (docs/babelfish.md). A table variable declared before any check has run leaves nothing to re-analyse.
     * On SQL Server it declares a table variable and nothing more.
     */
    static final String TSQL_CONNECTION_INIT = "DECLARE @FirstTableVariable TABLE (Id INT)";

    private ConnectionPools() {
    }

    /**
     * A pool of at most {@code maximumPoolSize} connections, each opened at READ COMMITTED (and, on a T-SQL
     * engine, with {@link #TSQL_CONNECTION_INIT} run).
     */
    public static HikariConfig config(String poolName, String jdbcUrl, String user, String password, int maximumPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maximumPoolSize);
        // Set once when HikariCP opens a physical connection, so no call asks for it (see Transactions).
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:sqlserver:")) {
            config.setConnectionInitSql(TSQL_CONNECTION_INIT);
        }
        return config;
    }
}
