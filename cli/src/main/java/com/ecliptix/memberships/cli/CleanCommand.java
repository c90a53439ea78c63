package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.output.CleanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Flyway's clean: drops every object of the schemas the migrations own, and the history. Refused unless
 * {@code --allow-clean} is given and {@code --confirm} names the database again; otherwise Flyway's
 * {@code cleanDisabled} stays on and nothing is touched.
 */
@Command(name = "clean", description = {
        "Drops every object of the schemas the migrations own (dbo, ecliptix_internal) and Flyway's history.",
        "Refused unless --allow-clean and --confirm DATABASE_NAME (the database's own name) are both given."})
final class CleanCommand extends DatabaseVerb {

    @Option(names = "--allow-clean", description = "Switch off Flyway's cleanDisabled for this run.")
    private boolean allowClean;

    @Option(names = "--confirm", paramLabel = "DATABASE_NAME", description = "The name of the database to clean, typed again.")
    private String confirm;

    @Override
    int run(ConnectionSettings settings) {
        String name = databaseName(settings);
        if (!allowClean) {
            throw new CliException(ExitCode.REFUSED, "clean refused: Flyway's cleanDisabled stays on without --allow-clean"
                    + " (and --confirm " + name + "); nothing was dropped.");
        }
        if (!name.equals(confirm)) {
            throw new CliException(ExitCode.REFUSED, "clean refused: --confirm must name the database being cleaned, "
                    + name + (confirm == null ? "" : ", not " + confirm) + "; nothing was dropped.");
        }
        SchemaMigrator migrator = migrator(settings);
        List<String> schemas = new ArrayList<>();
        schemas.add(SchemaMigrator.HISTORY_SCHEMA);
        schemas.addAll(migrator.ownedSchemas());
        CleanResult result = migrator.configuration()
                .cleanDisabled(false)
                .schemas(schemas.toArray(String[]::new))
                .load()
                .clean();
        List<String> dropped = dropOwnedSchemas(settings, migrator);
        List<String> droppedSchemas = new ArrayList<>(result.schemasDropped);
        droppedSchemas.addAll(dropped);
        out().println("Cleaned " + name + " at " + describe(settings) + ": dropped every object of "
                + String.join(", ", schemas) + (droppedSchemas.isEmpty() ? "" : ", and the schemas " + String.join(", ", droppedSchemas))
                + ". migrate builds it again.");
        return ExitCode.OK;
    }

    /**
     * Flyway drops only the schemas it created itself (its history's); the migrations create the others
     * (V1's CREATE SCHEMA), so they are dropped here, empty, for migrate to create them again.
     */
    private static List<String> dropOwnedSchemas(ConnectionSettings settings, SchemaMigrator migrator) {
        List<String> dropped = new ArrayList<>();
        try (Connection connection = settings.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String schema : migrator.ownedSchemas()) {
                if (settings.engine() == Engine.SQLSERVER && schema.equals("dbo")) {
                    continue; // Every SQL Server database has dbo; it is only emptied.
                }
                statement.execute(switch (settings.engine()) {
                    case POSTGRESQL -> "DROP SCHEMA IF EXISTS " + schema;
                    case SQLSERVER -> "IF SCHEMA_ID(N'" + schema + "') IS NOT NULL DROP SCHEMA " + schema;
                });
                dropped.add(schema);
            }
        } catch (SQLException e) {
            throw new CliException(ExitCode.FAILED, "Cleaned, but cannot drop the emptied schemas: " + Connections.oneLine(e.getMessage()));
        }
        return dropped;
    }

    static String databaseName(ConnectionSettings settings) {
        String sql = settings.engine() == Engine.POSTGRESQL ? "SELECT current_database()" : "SELECT DB_NAME()";
        try (Connection connection = settings.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new CliException(ExitCode.FAILED, "Cannot read the database's name: " + Connections.oneLine(e.getMessage()));
        }
    }
}
