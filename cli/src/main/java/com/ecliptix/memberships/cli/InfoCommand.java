package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.SchemaMigrator;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.flywaydb.core.api.MigrationInfo;
import picocli.CommandLine.Command;

/** Flyway's table of migrations, applied and pending. */
@Command(name = "info", description = "Flyway's table of migrations: version, description, type, installed on, state.")
final class InfoCommand extends DatabaseVerb {

    private static final DateTimeFormatter INSTALLED_ON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    @Override
    int run(ConnectionSettings settings) {
        MigrationInfo[] migrations = migrator(settings).flyway().info().all();
        TextTable table = new TextTable("version", "description", "type", "installed on", "state");
        for (MigrationInfo m : migrations) {
            table.row(m.getVersion() == null ? "" : m.getVersion().getVersion(), m.getDescription(), m.getType().name(),
                    m.getInstalledOn() == null ? "" : INSTALLED_ON.format(m.getInstalledOn().toInstant().atZone(ZoneOffset.UTC)),
                    m.getState().getDisplayName());
        }
        out().println("Migrations of " + describe(settings) + ", history in " + SchemaMigrator.HISTORY_SCHEMA
                + ".flyway_schema_history:");
        out().print(table.render());
        return ExitCode.OK;
    }
}
