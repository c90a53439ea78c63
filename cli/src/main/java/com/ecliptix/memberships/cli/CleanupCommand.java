package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.maintenance.CleanupReport;
import com.ecliptix.memberships.maintenance.Maintenance;
import com.ecliptix.memberships.schema.ConnectionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The retention cleanup (CleanupExpiredData through the API), batch after batch, with a line per batch.
 * CleanupExpiredData is the operator's: a login without {@code ecliptix_operator} is refused in one line.
 */
@Command(name = "cleanup", description = {"Deletes what no rule needs any more (attempt logs, security events, ended"
        + " sessions and flows past their Retention.* days), in batches of their own transactions, a line per batch.",
        "Safe while the application runs. Needs a login holding " + OperatorRole.NAME + "."})
final class CleanupCommand extends DatabaseVerb {

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + Maintenance.DEFAULT_BATCH_SIZE,
            description = "Rows per batch, 1 to " + Maintenance.MAX_BATCH_SIZE + " (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Override
    int run(ConnectionSettings settings) {
        if (batch < 1 || batch > Maintenance.MAX_BATCH_SIZE) {
            throw new CliException(ExitCode.USAGE, "--batch must be 1 to " + Maintenance.MAX_BATCH_SIZE + ", not " + batch + ".");
        }
        out().println("Cleanup of " + describe(settings) + " in batches of " + batch + " rows:");
        CleanupReport report;
        try (EcliptixMemberships api = EcliptixMemberships.builder().dataSource(settings.dataSource()).build()) {
            int[] number = {0};
            report = OperatorRole.require("cleanup", "CleanupExpiredData", settings, () -> api.maintenance().cleanup(batch, deleted -> {
                number[0]++;
                out().println("  batch " + number[0] + ": " + deleted + " rows deleted");
                out().flush();
            }));
        }
        out().println("Cleanup done: " + report.totalDeleted() + " rows deleted in " + report.deletedPerBatch().size()
                + " batch(es).");
        return ExitCode.OK;
    }
}
