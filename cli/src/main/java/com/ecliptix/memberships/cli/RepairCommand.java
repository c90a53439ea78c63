package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import org.flywaydb.core.api.output.RepairOutput;
import org.flywaydb.core.api.output.RepairResult;
import picocli.CommandLine.Command;

/** Flyway's repair: realigns the history with this build's files (checksums, descriptions), drops failed entries. */
@Command(name = "repair", description = "Realigns the history with this build's files (checksums, descriptions)"
        + " and removes failed entries. Changes the history only, never the schema.")
final class RepairCommand extends DatabaseVerb {

    @Override
    int run(ConnectionSettings settings) {
        RepairResult result = migrator(settings).flyway().repair();
        out().println("Repaired the history of " + describe(settings) + ":");
        print("realigned", result.migrationsAligned);
        print("removed (failed)", result.migrationsRemoved);
        print("marked deleted (file gone)", result.migrationsDeleted);
        if (result.migrationsAligned.isEmpty() && result.migrationsRemoved.isEmpty() && result.migrationsDeleted.isEmpty()) {
            out().println("  nothing to repair");
        }
        return ExitCode.OK;
    }

    private void print(String what, java.util.List<RepairOutput> migrations) {
        for (RepairOutput m : migrations) {
            out().println("  " + what + ": " + (m.version == null || m.version.isEmpty() ? "repeatable" : "version " + m.version)
                    + " " + m.description);
        }
    }
}
