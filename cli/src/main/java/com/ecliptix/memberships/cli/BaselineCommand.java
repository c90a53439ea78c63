package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import org.flywaydb.core.api.output.BaselineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Flyway's baseline: marks a database whose objects were created without Flyway (by the seed scripts) as
 * being at a version, so that migrate applies only what comes after it.
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
        BaselineResult result = migrator(settings).configuration()
                .baselineVersion(version).baselineDescription(description).load().baseline();
        if (!result.successfullyBaselined) {
            out().println("Not baselined: " + describe(settings) + " already has a history.");
            return ExitCode.FAILED;
        }
        out().println("Baselined " + describe(settings) + " at version " + result.baselineVersion
                + ": migrate applies only later versions (and the repeatable migrations).");
        return ExitCode.OK;
    }
}
