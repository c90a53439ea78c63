package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.SchemaStatus;
import com.ecliptix.memberships.schema.adoption.AdoptionRefusedException;
import com.ecliptix.memberships.schema.adoption.AdoptionReport;
import com.ecliptix.memberships.schema.adoption.AdoptionResult;
import com.ecliptix.memberships.schema.adoption.LegacyAdoption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Adopts the legacy SQL Server database the original T-SQL scripts built ({@link LegacyAdoption}): converts it,
 * keeping every row, into the baseline version, records that version in Flyway's history and migrates to the
 * latest. {@code --dry-run} prints per table the rows kept, changed and soft-deleted and every conflict with
 * its rule, and changes nothing. Anything but the legacy schema is refused in one line (exit 1).
 */
@Command(name = "adopt", description = {
        "Converts the legacy SQL Server database of the original T-SQL scripts into the baseline version, keeping"
                + " every row, records it in Flyway's history and migrates to the latest (docs/adopting.md).",
        "Refuses, changing nothing, any other database. Back it up first, and stop its application."})
final class AdoptCommand extends DatabaseVerb {

    @Option(names = "--dry-run", description = "Print per table the rows kept, changed and soft-deleted, and every"
            + " conflict with the rule that decides it; change nothing.")
    private boolean dryRun;

    @Override
    int run(ConnectionSettings settings) {
        LegacyAdoption adoption = LegacyAdoption.of(settings);
        try {
            return dryRun ? dryRun(adoption, settings) : adopt(adoption, settings);
        } catch (AdoptionRefusedException e) {
            throw new CliException(ExitCode.FAILED, Connections.oneLine(e.getMessage()));
        }
    }

    private int dryRun(LegacyAdoption adoption, ConnectionSettings settings) {
        AdoptionReport report = adoption.dryRun();
        out().println("Dry run of adopt on " + describe(settings) + ": found " + report.found() + ". Nothing is changed.");
        out().print(report.render());
        out().println("Dry run: adopt would convert these " + report.rows() + " rows into schema version "
                + LegacyAdoption.BASELINE_VERSION + ", record that version in Flyway's history and migrate to the latest;"
                + " nothing was changed.");
        return ExitCode.OK;
    }

    private int adopt(LegacyAdoption adoption, ConnectionSettings settings) {
        AdoptionResult result = adoption.adopt();
        if (result.conversion().isPresent()) {
            AdoptionReport report = result.conversion().get();
            out().println("Adopted " + describe(settings) + ": found " + report.found() + ", converted in one transaction:");
            out().print(report.render());
        } else {
            out().println("Adopted " + describe(settings) + ": an earlier adoption had converted it; only its recording was left.");
        }
        out().println("Recorded version " + result.baselineVersion() + " in Flyway's history and applied "
                + result.migrationsApplied() + " migration(s) after it: schema version " + result.schemaVersion() + ".");
        SchemaStatus status = SchemaStatus.read(settings.dataSource());
        out().print(status.report(settings.redactedUrl()));
        return status.complete() ? ExitCode.OK : ExitCode.FAILED;
    }
}
