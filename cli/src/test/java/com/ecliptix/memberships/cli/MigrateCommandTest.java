package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The main job on a fresh database, and on one migrated by another build of the migrations. */
class MigrateCommandTest {

    @Test
    void aFreshDatabaseIsMigratedAndComplete() {
        try (ThrowawayDatabase database = ThrowawayDatabase.create(Engine.POSTGRESQL)) {
            Output output = new Output();
            assertEquals(0, MigrateCommand.run(database.settings(), output.out, output.err), output.text());
            assertTrue(output.text().contains("Applied"), output.text());
        }
    }

    @Test
    void aDatabaseMigratedByAnotherBuildGetsOneLineAndExitsOne() throws Exception {
        try (ThrowawayDatabase database = ThrowawayDatabase.create(Engine.POSTGRESQL)) {
            assertEquals(0, MigrateCommand.run(database.settings(), new Output().out, new Output().err));
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                // What an older development build leaves: an applied V1 whose checksum is no longer the file's.
                s.executeUpdate("UPDATE flyway.flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
            }
            Output output = new Output();

            assertEquals(1, MigrateCommand.run(database.settings(), output.out, output.err));

            String errors = output.errText().strip();
            assertEquals(1, errors.lines().count(), errors);
            assertTrue(errors.contains("was migrated by another build") && errors.contains("Recreate it"), errors);
            assertTrue(!errors.contains("Exception") && !errors.contains("\tat "), "no stack trace: " + errors);
        }
    }

    private static final class Output {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        String text() {
            return outBytes.toString(StandardCharsets.UTF_8) + errText();
        }

        String errText() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }
}
