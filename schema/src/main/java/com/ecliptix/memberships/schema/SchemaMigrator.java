package com.ecliptix.memberships.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates a database to the current EcliptixMemberships schema, with the migrations of the
 * engine it finds behind the data source.
 *
 * <pre>{@code
 * SchemaMigrator.of(dataSource).migrate();
 * }</pre>
 *
 * A migration holds {@value #CONNECTIONS_AT_ONCE} connections of the data source at the same time; a pool
 * smaller than that is refused at once, by name, rather than after the pool's timeout.
 */
public final class SchemaMigrator {

    /** Flyway's history table lives here, outside {@code dbo}, so it is never part of the contract. */
    public static final String HISTORY_SCHEMA = "flyway";

    /** Flyway's most connections open at once during a migration: main, migration and event (callbacks). */
    public static final int CONNECTIONS_AT_ONCE = 3;
    /** How long the migrator waits for each of them before it says the data source is too small. */
    private static final Duration CONNECTION_WAIT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Engine engine;

    private SchemaMigrator(DataSource dataSource, Engine engine) {
        this.dataSource = dataSource;
        this.engine = engine;
    }

    /** A migrator for the engine found behind the data source. */
    public static SchemaMigrator of(DataSource dataSource) {
        return new SchemaMigrator(dataSource, Engine.of(dataSource));
    }

    /** A migrator for a known engine (no connection is opened to find it). */
    public static SchemaMigrator of(DataSource dataSource, Engine engine) {
        return new SchemaMigrator(dataSource, engine);
    }

    public Engine engine() {
        return engine;
    }

    /**
     * Applies every pending migration and returns Flyway's account of it.
     *
     * @throws FlywayException at once, naming {@value #CONNECTIONS_AT_ONCE}, when the data source cannot give
     *                         that many connections at the same time (a pool too small for Flyway)
     */
    public MigrateResult migrate() {
        requireConnectionsAtOnce();
        return flyway().migrate();
    }

    /**
     * Applies the pending versioned migrations up to {@code version} (e.g. {@code "1"}, the baseline), then
     * the repeatable ones, which Flyway applies at any target; for upgrade tests and staged rollouts.
     */
    public MigrateResult migrateTo(String version) {
        requireConnectionsAtOnce();
        return configuration().target(version).load().migrate();
    }

    /**
     * Borrows {@value #CONNECTIONS_AT_ONCE} connections at the same time and gives them back. A pool with fewer
     * would otherwise leave Flyway waiting out the pool's own timeout (HikariCP's is 30 s) for its third
     * connection and then fail with the pool's "Connection is not available".
     */
    private void requireConnectionsAtOnce() {
        List<Connection> held = new ArrayList<>();
        ExecutorService borrower = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "schema-migrator-connections");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < CONNECTIONS_AT_ONCE; i++) {
                Callable<Connection> borrow = dataSource::getConnection;
                Future<Connection> next = borrower.submit(borrow);
                try {
                    held.add(next.get(CONNECTION_WAIT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    // Given back whenever the pool hands it over after all.
                    borrower.execute(() -> closeQuietly(next));
                    throw new FlywayException("SchemaMigrator needs " + CONNECTIONS_AT_ONCE + " connections at the same time"
                            + " (Flyway's main, migration and callback connections), and the data source gave only " + held.size()
                            + " within " + CONNECTION_WAIT.toSeconds() + " s: give it a pool of at least " + CONNECTIONS_AT_ONCE
                            + " connections with none in use, or a data source of its own.");
                } catch (ExecutionException e) {
                    // Connecting itself failed: Flyway reports that the way it always does.
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FlywayException("Interrupted while borrowing the migrator's connections", e);
                }
            }
        } finally {
            held.forEach(SchemaMigrator::closeQuietly);
            borrower.shutdown();
        }
    }

    private static void closeQuietly(Future<Connection> connection) {
        try {
            closeQuietly(connection.get());
        } catch (ExecutionException | InterruptedException e) {
            // Never handed over: nothing to give back.
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Given back broken: the pool discards it.
        }
    }

    /** The Flyway instance this migrator uses, for status queries ({@code info()}, {@code validate()}). */
    public Flyway flyway() {
        return configuration().load();
    }

    /**
     * The schemas the migrations create and own besides Flyway's: what a clean must empty and drop so
     * that the migrations can run again (SQL Server's {@code dbo} always exists and is only emptied).
     */
    public List<String> ownedSchemas() {
        return switch (engine) {
            case POSTGRESQL -> List.of("dbo", "ecliptix_internal");
            case SQLSERVER -> List.of("ecliptix_internal", "dbo");
        };
    }

    /**
     * A fresh copy of this migrator's Flyway settings, for the command line's verbs that change one
     * (clean, baseline). Flyway's own defaults stay, {@code cleanDisabled} included.
     */
    public FluentConfiguration configuration() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(engine.migrationLocation())
                .defaultSchema(HISTORY_SCHEMA)
                .createSchemas(true)
                .failOnMissingLocations(true)
                // Through SLF4J like the rest of the library, never java.util.logging (Flyway's pick when
                // it finds no binding, e.g. inside the code generator's Maven plugin), with the server's
                // per-statement notices at DEBUG.
                .loggers(FlywayLogs.class.getName());
    }
}
