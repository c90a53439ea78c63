package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.catalog.Catalog;
import com.ecliptix.memberships.schema.catalog.CatalogDiff;
import com.ecliptix.memberships.schema.catalog.CatalogSnapshot;
import com.ecliptix.memberships.schema.throwaway.FreshlyMigratedCatalog;
import com.ecliptix.memberships.schema.throwaway.NoDatabaseServerException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Writes the catalog snapshot: migrates a throwaway PostgreSQL database, reads its catalog and writes
 * it to {@code schema/src/main/resources/catalog/dbo.snapshot} (or the path given as the argument),
 * printing what changed against the previous file. Run it after changing a migration:
 *
 * <pre>java -jar cli/target/ecliptix-memberships-cli.jar snapshot</pre>
 *
 * The snapshot is taken from PostgreSQL because every build can reach one; SQL Server is held to it
 * by the parity test. Exits 2 when no PostgreSQL server can be found.
 */
@Command(name = "snapshot", description = "Migrates a throwaway PostgreSQL database and writes its catalog to the snapshot file.")
public final class SnapshotCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "The snapshot file (default: schema/src/main/resources/catalog/dbo.snapshot).")
    private Path target;

    @Override
    public Integer call() {
        return run(target != null ? target : defaultTarget(), System.out, System.err);
    }

    static int run(Path target, PrintStream out, PrintStream err) {
        Catalog catalog;
        try {
            catalog = FreshlyMigratedCatalog.of(Engine.POSTGRESQL);
        } catch (NoDatabaseServerException e) {
            err.println(e.getMessage());
            return 2;
        }
        String text = CatalogSnapshot.render(catalog);
        try {
            if (Files.exists(target)) {
                String previous = Files.readString(target, StandardCharsets.UTF_8);
                if (previous.equals(text)) {
                    out.println("Catalog snapshot unchanged: " + target);
                    return 0;
                }
                out.print(changes(previous, catalog));
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("Cannot write " + target + ": " + e.getMessage());
            return 1;
        }
        out.println("Catalog snapshot written: " + target + " (" + catalog.tables().size() + " tables, "
                + catalog.routines().size() + " routines)");
        return 0;
    }

    private static String changes(String previous, Catalog catalog) {
        try {
            return "Changes against the previous snapshot:\n" + CatalogDiff.between(CatalogSnapshot.parse(previous), catalog).render();
        } catch (IllegalArgumentException unreadable) {
            return "The previous snapshot was unreadable (" + unreadable.getMessage() + "); it is replaced.\n";
        }
    }

    /** The source file, from the repository root or from the schema module's folder. */
    static Path defaultTarget() {
        Path fromModule = Path.of("src", "main", "resources").resolve(CatalogSnapshot.RESOURCE);
        Path fromRoot = Path.of("schema").resolve(fromModule);
        return Files.isDirectory(Path.of("schema", "src", "main", "resources")) ? fromRoot : fromModule;
    }
}
