package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.SchemaStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Applies the pending migrations and prints the status report; the README's main job. Without
 * {@code --url} or {@code ECLIPTIX_DB_URL} the database is {@value #DEFAULT_DATABASE} on the local
 * PostgreSQL, or on the embedded one when none answers ({@link DefaultServer}), created when missing.
 * {@code --dry-run} prints what would run and applies nothing.
 */
@Command(name = "migrate", description = {
        "Applies the pending migrations and prints the status report.",
        "Without --url or ECLIPTIX_DB_URL: the database " + MigrateCommand.DEFAULT_DATABASE
                + " on the local PostgreSQL, created when missing; when none answers on 127.0.0.1:5432,"
                + " on this command line's embedded PostgreSQL (data in ~/.ecliptix-memberships/postgres-data),"
                + " which keeps running."})
final class MigrateCommand extends DatabaseVerb {

    public static final String DEFAULT_DATABASE = "ecliptix_memberships";

    @Option(names = "--dry-run", description = "List the pending migrations in order with the SQL each would run;"
            + " apply nothing (built on Flyway's migration info: Flyway's open-source edition has no dry run).")
    private boolean dryRun;

    @Override
    ConnectionSettings settings() {
        if (connection.url().isPresent()) {
            return connection.connect();
        }
        ConnectionSettings admin = DefaultServer.admin(connection, DEFAULT_DATABASE, out());
        if (!dryRun) {
            createDefaultDatabaseIfMissing(admin);
        }
        ConnectionSettings database = admin.withDatabase(DEFAULT_DATABASE);
        Connections.check(database);
        return database;
    }

    @Override
    int run(ConnectionSettings settings) {
        return dryRun ? dryRun(settings) : migrate(settings);
    }

    private int migrate(ConnectionSettings settings) {
        MigrateResult result;
        try {
            result = migrator(settings).migrate();
        } catch (FlywayValidateException e) {
            // A database migrated by an older development build: its applied files no longer match.
            throw new CliException(ExitCode.FAILED, "The database " + settings.redactedUrl() + " was migrated by another"
                    + " build of the migrations (Flyway's validation refuses it). Recreate it (drop it and run this command"
                    + " again) if it holds nothing you need, or migrate a copy of its data into a new database.");
        }
        out().println("Applied " + result.migrationsExecuted + " migration(s).");
        SchemaStatus status = SchemaStatus.read(settings.dataSource());
        out().print(status.report(settings.redactedUrl()));
        return status.complete() ? ExitCode.OK : ExitCode.FAILED;
    }

    /** What migrate would run, from Flyway's migration info, without applying anything. */
    private int dryRun(ConnectionSettings settings) {
        SchemaMigrator migrator = migrator(settings);
        List<MigrationInfo> toRun = PendingMigrations.of(migrator);
        out().println("Dry run of migrate on " + describe(settings) + ". Flyway's open-source edition has no dry run:"
                + " this lists the migrations its migration info shows as pending, in the order migrate applies them,"
                + " with the SQL of each. Nothing is applied.");
        int n = 0;
        for (MigrationInfo m : toRun) {
            n++;
            out().println();
            out().println("-- " + n + "/" + toRun.size() + ": " + (m.isVersioned() ? "version " + m.getVersion().getVersion()
                    : "repeatable") + " \"" + m.getDescription() + "\" (" + m.getScript() + ", "
                    + m.getState().getDisplayName().toLowerCase() + ")");
            out().println(script(migrator, m).stripTrailing());
        }
        out().println();
        out().println("Dry run: " + toRun.size() + " migration(s) would run; nothing was applied.");
        return ExitCode.OK;
    }

    private static String script(SchemaMigrator migrator, MigrationInfo migration) {
        String resource = migrator.engine().migrationLocation().substring("classpath:".length()) + "/" + migration.getScript();
        try (InputStream in = MigrateCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new CliException(ExitCode.FAILED, "The migration " + resource + " is not in this build.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createDefaultDatabaseIfMissing(ConnectionSettings admin) {
        try (Connection connection = admin.dataSource().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DEFAULT_DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + DEFAULT_DATABASE);
                    }
                    out().println("Created database " + DEFAULT_DATABASE + ".");
                }
            }
        } catch (SQLException e) {
            throw new CliException(ExitCode.FAILED, "Cannot create " + DEFAULT_DATABASE + " at " + admin.redactedUrl() + ": "
                    + Connections.oneLine(e.getMessage()));
        }
    }
}
