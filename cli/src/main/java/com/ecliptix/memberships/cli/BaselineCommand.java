package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.ObjectKind;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.SchemaStatus;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.BaselineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Flyway's baseline: marks a database whose objects were created without Flyway (by the seed scripts) as
 * being at a version, so that migrate applies only what comes after it. Refuses where that record would be
 * false: a database that already has a history, or one without the schema's tables.
 */
@Command(name = "baseline", description = "Records a database built without Flyway as being at a version"
        + " (default 1, the baseline), so that migrate applies only the later ones.")
final class BaselineCommand extends DatabaseVerb {

    @Option(names = "--baseline-version", paramLabel = "VERSION", defaultValue = "1",
            description = "The version the database already has (default: ${DEFAULT-VALUE}).")
    private String version;

    @Option(names = "--baseline-description", paramLabel = "TEXT", defaultValue = "baseline without Flyway",
            description = "Recorded in the history (default: ${DEFAULT-VALUE}).")
    private String description;

    @Override
    int run(ConnectionSettings settings) {
        SchemaMigrator migrator = migrator(settings);
        MigrationInfo current = migrator.flyway().info().current();
        if (current != null) {
            throw new CliException(ExitCode.FAILED, "Not baselined: " + describe(settings) + " already has a migration history"
                    + " (version " + current.getVersion() + "). Baseline is for a database built without Flyway;"
                    + " run `migrate` to apply what is pending.");
        }
        int tables = SchemaStatus.read(settings.dataSource()).present().get(ObjectKind.TABLES);
        if (tables == 0) {
            throw new CliException(ExitCode.FAILED, "Not baselined: " + describe(settings) + " has no table in schema dbo,"
                    + " so a baseline would record version " + version + " without its objects. Run `migrate` to create the schema.");
        }
        BaselineResult result;
        try {
            result = migrator.configuration().baselineVersion(version).baselineDescription(description).load().baseline();
        } catch (FlywayException e) {
            throw new CliException(ExitCode.FAILED, "Not baselined: " + describe(settings) + ": " + Connections.oneLine(e.getMessage()));
        }
        if (!result.successfullyBaselined) {
            throw new CliException(ExitCode.FAILED, "Not baselined: " + describe(settings) + " already has a migration history.");
        }
        out().println("Baselined " + describe(settings) + " at version " + result.baselineVersion
                + ": migrate applies only later versions (and the repeatable migrations).");
        return ExitCode.OK;
    }
}
