package com.ecliptix.memberships.internal;

import com.zaxxer.hikari.HikariConfig;

/**
 * The one HikariCP setup: the pool {@code EcliptixMemberships.builder().jdbc(...)} builds, and the pools of the
 * integration tests.
 */
public final class ConnectionPools {

    private ConnectionPools() {
    }

    /** A pool of at most {@code maximumPoolSize} connections, each opened at READ COMMITTED. */
    public static HikariConfig config(String poolName, String jdbcUrl, String user, String password, int maximumPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maximumPoolSize);
        // Set once when HikariCP opens a physical connection, so no call asks for it (see Transactions).
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return config;
    }
}
