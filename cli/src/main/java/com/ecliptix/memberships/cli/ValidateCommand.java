package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.SchemaMigrator;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import picocli.CommandLine.Command;

/** Flyway's validate: the applied migrations against the files of this build, and nothing pending. */
@Command(name = "validate",
        description = "Checks the applied migrations against this build's files (checksums, names) and that none is pending.")
final class ValidateCommand extends DatabaseVerb {

    @Override
    int run(ConnectionSettings settings) {
        SchemaMigrator migrator = migrator(settings);
        if (migrator.flyway().info().applied().length == 0) {
            out().println("Nothing to validate: " + describe(settings) + " has no migration history."
                    + " Run `migrate` to create the schema (or `baseline` for a database built without Flyway).");
            return ExitCode.FAILED;
        }
        ValidateResult result = migrator.flyway().validateWithResult();
        if (result.validationSuccessful) {
            out().println("Valid: " + result.validateCount + " history entries of " + describe(settings)
                    + " match this build's files; none is pending.");
            return ExitCode.OK;
        }
        out().println("Invalid: " + describe(settings) + " does not match this build's migrations:");
        for (ValidateOutput invalid : result.invalidMigrations) {
            out().println("  " + (invalid.version == null || invalid.version.isEmpty() ? "repeatable" : "version " + invalid.version)
                    + " " + invalid.description + ": " + Connections.oneLine(invalid.errorDetails.errorMessage));
        }
        if (result.invalidMigrations.isEmpty()) {
            out().println("  " + Connections.oneLine(result.getAllErrorMessages()));
        }
        out().println("Repair the history with `repair` when the files are right and the history is stale,"
                + " or `migrate` for pending migrations.");
        return ExitCode.FAILED;
    }
}
