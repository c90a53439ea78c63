package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.catalog.DriftCheck;
import com.ecliptix.memberships.schema.catalog.DriftReport;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Checks a live database for drift from the committed catalog snapshot and prints the differences.
 * The database is {@code ECLIPTIX_DB_URL} with {@code ECLIPTIX_DB_USER} and {@code ECLIPTIX_DB_PASSWORD}
 * (environment variables or system properties of those names):
 *
 * <pre>ECLIPTIX_DB_URL=jdbc:postgresql://db:5432/memberships java -jar ecliptix-memberships-cli.jar drift</pre>
 *
 * Exits 0 when the catalog matches, 1 when it drifted (any difference, breaking or not), 2 when no
 * database is configured or it cannot be read.
 */
@Command(name = "drift", description = "Compares the database's schema dbo with the committed catalog snapshot (read-only).")
public final class DriftCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return run(ConnectionSettings.fromEnvironment(), System.out, System.err);
    }

    static int run(Optional<ConnectionSettings> settings, PrintStream out, PrintStream err) {
        if (settings.isEmpty()) {
            err.println("Set " + ConnectionSettings.URL_VARIABLE + " (and " + ConnectionSettings.USER_VARIABLE + ", "
                    + ConnectionSettings.PASSWORD_VARIABLE + ") to the database to check, as environment variables"
                    + " or system properties.");
            return 2;
        }
        DriftReport report;
        try {
            report = DriftCheck.against(settings.get()).compareWithCommittedSnapshot();
        } catch (IllegalStateException e) {
            err.println("Cannot check " + settings.get().redactedUrl() + ": " + e.getMessage());
            return 2;
        }
        out.print(report.render());
        return report.hasDrift() ? 1 : 0;
    }
}
