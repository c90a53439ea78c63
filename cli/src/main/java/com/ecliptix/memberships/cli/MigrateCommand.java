package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.SchemaStatus;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The main job: migrates the default local database and prints the status report. The database is
 * {@code ECLIPTIX_DB_URL} when set; otherwise {@value #DEFAULT_DATABASE} on the local PostgreSQL,
 * created when missing. Exits 0 when the schema is complete, 1 when it is not (or when the database was
 * migrated by another build of the migrations: one line says so), 2 when no server answers.
 */
@Command(name = "migrate", description = "Applies the pending migrations and prints the status report.")
public final class MigrateCommand implements Callable<Integer> {

    public static final String DEFAULT_DATABASE = "ecliptix_memberships";

    @Override
    public Integer call() {
        ConnectionSettings settings;
        try {
            settings = ConnectionSettings.fromEnvironment().orElseGet(MigrateCommand::defaultLocalDatabase);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return run(settings, System.out, System.err);
    }

    /** Migrates and reports; returns the exit code (0 complete, 1 incomplete or refused by validation). */
    static int run(ConnectionSettings settings, PrintStream out, PrintStream err) {
        MigrateResult result;
        try {
            result = SchemaMigrator.of(settings.dataSource()).migrate();
        } catch (FlywayValidateException e) {
            // A database migrated by an older development build: its applied files no longer match.
            err.println("The database " + settings.redactedUrl() + " was migrated by another build of the migrations"
                    + " (Flyway's validation refuses it). Recreate it (drop it and run this command again) if it holds"
                    + " nothing you need, or migrate a copy of its data into a new database.");
            return 1;
        }
        out.println("Applied " + result.migrationsExecuted + " migration(s).");
        SchemaStatus status = SchemaStatus.read(settings.dataSource());
        out.print(status.report(settings.redactedUrl()));
        return status.complete() ? 0 : 1;
    }

    private static ConnectionSettings defaultLocalDatabase() {
        ConnectionSettings admin = new ConnectionSettings(ConnectionSettings.LOCAL_POSTGRES_URL,
                System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv("PGPASSWORD"));
        try (Connection connection = admin.dataSource().getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, DEFAULT_DATABASE);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        try (Statement create = connection.createStatement()) {
                            create.execute("CREATE DATABASE " + DEFAULT_DATABASE);
                        }
                        System.out.println("Created database " + DEFAULT_DATABASE + ".");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The main job needs a local PostgreSQL on 127.0.0.1:5432 (user postgres)"
                    + " or a server given by " + ConnectionSettings.URL_VARIABLE + ": " + e.getMessage(), e);
        }
        return admin.withDatabase(DEFAULT_DATABASE);
    }
}
