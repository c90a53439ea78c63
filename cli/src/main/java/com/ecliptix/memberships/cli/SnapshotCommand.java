package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.catalog.Catalog;
import com.ecliptix.memberships.schema.catalog.CatalogDiff;
import com.ecliptix.memberships.schema.catalog.CatalogSnapshot;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.FreshlyMigratedCatalog;
import com.ecliptix.memberships.schema.throwaway.NoDatabaseServerException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Writes the catalog snapshot: migrates a throwaway PostgreSQL database, reads its catalog and writes
 * it to {@code schema/src/main/resources/catalog/dbo.snapshot} (or the path given as the argument),
 * printing what changed against the previous file. Run it after changing a migration:
 *
 * <pre>java -jar cli/target/ecliptix-memberships-cli.jar snapshot</pre>
 *
 * The snapshot is taken from PostgreSQL because every build can reach one; SQL Server is held to it
 * by the parity test. Exits 2 when no PostgreSQL server can be found, 1 when the file cannot be written.
 */
@Command(name = "snapshot", description = {"Migrates a throwaway PostgreSQL database, reads its catalog and writes it to"
        + " the snapshot file, printing what changed. For developers, after changing a migration.",
        "The server: --url (any database on it; its user must be allowed to create databases), else"
        + " ECLIPTIX_DB_URL, else the local PostgreSQL. Exits 2 when there is none."})
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "The snapshot file (default: schema/src/main/resources/catalog/dbo.snapshot).")
    private Path target;

    @Override
    public Integer call() {
        Catalog catalog = FreshlyMigratedCatalog.of(server());
        return write(target != null ? target : defaultTarget(), catalog, spec.commandLine().getOut());
    }

    private DatabaseServer server() {
        if (connection.url().isPresent()) {
            ConnectionSettings settings = connection.connect();
            if (settings.engine() != Engine.POSTGRESQL) {
                throw new CliException(ExitCode.USAGE, "The snapshot is taken from PostgreSQL; "
                        + settings.redactedUrl() + " is " + settings.engine() + ".");
            }
            return new DatabaseServer(settings, "--url");
        }
        try {
            return DatabaseServers.locate(Engine.POSTGRESQL);
        } catch (NoDatabaseServerException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }

    static int write(Path target, Catalog catalog, PrintWriter out) {
        String text = CatalogSnapshot.render(catalog);
        try {
            if (Files.exists(target)) {
                String previous = Files.readString(target, StandardCharsets.UTF_8);
                if (previous.equals(text)) {
                    out.println("Catalog snapshot unchanged: " + target);
                    return ExitCode.OK;
                }
                out.print(changes(previous, catalog));
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "Cannot write " + target + ": " + e.getMessage());
        }
        out.println("Catalog snapshot written: " + target + " (" + catalog.tables().size() + " tables, "
                + catalog.routines().size() + " routines)");
        return ExitCode.OK;
    }

    private static String changes(String previous, Catalog catalog) {
        try {
            return "Changes against the previous snapshot:\n" + CatalogDiff.between(CatalogSnapshot.parse(previous), catalog).render();
        } catch (IllegalArgumentException unreadable) {
            return "The previous snapshot was unreadable (" + unreadable.getMessage() + "); it is replaced.\n";
        }
    }

    /** The source file, from the repository root or from one of its modules' folders. */
    static Path defaultTarget() {
        Path inSchema = Path.of("src", "main", "resources").resolve(CatalogSnapshot.RESOURCE);
        for (Path schema : new Path[] {Path.of("schema"), Path.of("..", "schema")}) {
            if (Files.isDirectory(schema.resolve("src").resolve("main").resolve("resources"))) {
                return schema.resolve(inSchema).normalize();
            }
        }
        throw new CliException(ExitCode.USAGE, "No schema/src/main/resources here: run snapshot from the repository's root,"
                + " or give the snapshot FILE.");
    }
}
