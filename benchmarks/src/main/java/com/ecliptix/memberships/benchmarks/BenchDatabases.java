package com.ecliptix.memberships.benchmarks;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * How the JMH forks reach the throwaway databases {@link BenchmarkMain} created and filled: by name, passed
 * as a system property, on the server {@link DatabaseServers} finds (the same one the main process used).
 */
final class BenchDatabases {

    /** The system property prefix: {@code ecliptix.bench.<role>} holds a database name. */
    static final String PROPERTY = "ecliptix.bench.";
    /** One pool for the API, the generated classes and raw JDBC: the only difference is the calling code. */
    static final int POOL_SIZE = 16;

    private BenchDatabases() {
    }

    static ConnectionSettings settings(String role) {
        String name = System.getProperty(PROPERTY + role);
        if (name == null) {
            throw new IllegalStateException("No database for " + role + ": run BenchmarkMain, which creates them"
                    + " (system property " + PROPERTY + role + ")");
        }
        return DatabaseServers.locate(Engine.POSTGRESQL).database(name);
    }

    static HikariDataSource pool(String role) {
        return pool(role, settings(role));
    }

    static HikariDataSource pool(String role, ConnectionSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-" + role);
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return new HikariDataSource(config);
    }
}
