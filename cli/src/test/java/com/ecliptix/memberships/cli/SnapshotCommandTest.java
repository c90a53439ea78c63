package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.catalog.CatalogSnapshot;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** snapshot writes the catalog of a freshly migrated PostgreSQL, rewriting the file only when it differs. */
class SnapshotCommandTest {

    @Test
    void writesTheSnapshotAndRewritesItOnlyWhenTheCatalogDiffers(@TempDir Path folder) throws IOException {
        DatabaseServer server = CliRun.server(Engine.POSTGRESQL);
        Path target = folder.resolve("catalog").resolve("dbo.snapshot");
        String[] args = {"snapshot", "--url", server.admin().jdbcUrl(), "--user", server.admin().user(), target.toString()};
        Map<String, String> environment = CliRun.environment(server.admin());

        CliRun.Result first = CliRun.run(environment, args);
        assertEquals(ExitCode.OK, first.exitCode(), first.toString());
        String written = Files.readString(target);
        assertEquals(written, CatalogSnapshot.render(CatalogSnapshot.parse(written)));
        assertTrue(first.out().contains("Catalog snapshot written"), first.toString());
        assertEquals(CatalogSnapshot.render(CatalogSnapshot.committed()), written, "the committed snapshot is current");

        // A second run on another fresh database finds byte-for-byte the same text.
        CliRun.Result second = CliRun.run(environment, args);
        assertEquals(ExitCode.OK, second.exitCode(), second.toString());
        assertTrue(second.out().contains("Catalog snapshot unchanged"), second.toString());
        assertEquals(written, Files.readString(target));

        // A stale file is replaced, and the command says what changed.
        Files.writeString(target, written.replace("column PhoneNumber text(18) not null", "column PhoneNumber text(17) not null"));
        CliRun.Result stale = CliRun.run(environment, args);
        assertEquals(ExitCode.OK, stale.exitCode(), stale.toString());
        assertTrue(stale.out().contains("Changes against the previous snapshot"), stale.toString());
        assertTrue(stale.out().contains("column PhoneNumbers.PhoneNumber"), stale.toString());
        assertEquals(written, Files.readString(target));
    }

    @Test
    void aSqlServerUrlIsRefused(@TempDir Path folder) {
        CliRun.Result result = CliRun.run(Map.of(), "snapshot", "--url", "jdbc:sqlserver://127.0.0.1:1;databaseName=master",
                folder.resolve("x.snapshot").toString());
        assertTrue(result.exitCode() != ExitCode.OK, result.toString());
        assertEquals(1, result.err().strip().lines().count(), result.toString());
    }
}
