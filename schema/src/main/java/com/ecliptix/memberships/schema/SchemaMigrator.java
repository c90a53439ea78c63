package com.ecliptix.memberships.schema;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates a database to the current EcliptixMemberships schema, with the migrations of the
 * engine it finds behind the data source.
 *
 * <pre>{@code
 * SchemaMigrator.of(dataSource).migrate();
 * }</pre>
 */
public final class SchemaMigrator {

    /** Flyway's history table lives here, outside {@code dbo}, so it is never part of the contract. */
    public static final String HISTORY_SCHEMA = "flyway";

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

    /** Applies every pending migration and returns Flyway's account of it. */
    public MigrateResult migrate() {
        return flyway().migrate();
    }

    /**
     * Applies the pending versioned migrations up to {@code version} (e.g. {@code "1"}, the baseline), then
     * the repeatable ones, which Flyway applies at any target; for upgrade tests and staged rollouts.
     */
    public MigrateResult migrateTo(String version) {
        return configuration().target(version).load().migrate();
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
