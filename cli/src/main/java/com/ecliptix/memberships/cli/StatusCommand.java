package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator's check: version, pending migrations, contract objects by name, drift's verdict, rows, the last
 * day's security figures.
 */
@Command(name = "status", description = {"Schema version, pending migrations, every contract object present or missing"
        + " by name, drift's verdict, rows per table, and the last 24 hours' security figures. Reads only.",
        "Exits 0 when the schema is complete, 1 when a migration is pending, an object is missing or drift breaks callers."})
final class StatusCommand extends DatabaseVerb implements JsonReport {

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Override
    public boolean jsonRequested() {
        return json;
    }

    @Override
    int run(ConnectionSettings settings) {
        DatabaseStatus status = DatabaseStatus.read(settings);
        out().print(json ? status.json() : status.render());
        return status.complete() ? ExitCode.OK : ExitCode.FAILED;
    }
}
