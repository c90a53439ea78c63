package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.catalog.CatalogSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(Path target) {
        out.reset();
        return SnapshotCommand.run(target, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheSnapshotAndRewritesItOnlyWhenTheCatalogDiffers(@TempDir Path folder) throws IOException {
        Path target = folder.resolve("catalog").resolve("dbo.snapshot");

        assertEquals(0, run(target), output());
        String written = Files.readString(target);
        assertEquals(written, CatalogSnapshot.render(CatalogSnapshot.parse(written)));
        assertTrue(output().contains("Catalog snapshot written"), output());

        // A second run on another fresh database finds byte-for-byte the same text.
        assertEquals(0, run(target), output());
        assertTrue(output().contains("Catalog snapshot unchanged"), output());
        assertEquals(written, Files.readString(target));

        // A stale file is replaced, and the command says what changed.
        Files.writeString(target, written.replace("column PhoneNumber text(18) not null", "column PhoneNumber text(17) not null"));
        assertEquals(0, run(target), output());
        assertTrue(output().contains("Changes against the previous snapshot"), output());
        assertTrue(output().contains("column PhoneNumbers.PhoneNumber"), output());
        assertEquals(written, Files.readString(target));
    }
}
