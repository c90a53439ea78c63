package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.catalog.DriftCheck;
import com.ecliptix.memberships.schema.catalog.DriftReport;
import picocli.CommandLine.Command;

/**
 * Checks a live database for drift from the committed catalog snapshot and prints the differences; reads
 * only. Exits 0 when the catalog matches, 1 when it drifted (any difference, breaking or not), 2 when no
 * database is given or its catalog cannot be read, 3 to 6 when it cannot be connected to (see {@link ExitCode}).
 */
@Command(name = "drift", description = {"Compares the database's schema dbo with the committed catalog snapshot; reads only.",
        "Exits 0 without drift, 1 with drift, 2 when no database is given or its catalog cannot be read."})
final class DriftCommand extends DatabaseVerb {

    @Override
    int run(ConnectionSettings settings) {
        DriftReport report;
        try {
            report = DriftCheck.against(settings).compareWithCommittedSnapshot();
        } catch (IllegalStateException e) {
            throw new CliException(ExitCode.USAGE, "Cannot check " + settings.redactedUrl() + ": " + Connections.oneLine(e.getMessage()));
        }
        out().print(report.render());
        return report.hasDrift() ? ExitCode.FAILED : ExitCode.OK;
    }
}
