package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Optional<com.ecliptix.memberships.schema.ConnectionSettings> settings) {
        out.reset();
        err.reset();
        return DriftCommand.run(settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exitsZeroWithoutDriftAndOneWithTheDiff() throws SQLException {
        try (ThrowawayDatabase database = ThrowawayDatabase.create(Engine.POSTGRESQL).migrate()) {
            assertEquals(0, run(Optional.of(database.settings())), output() + err);
            assertTrue(output().contains("No drift"), output());
            assertTrue(output().contains(database.name()), "the report names the database: " + output());

            try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP INDEX dbo.\"IX_LoginAttempts_PhoneNumber_CreatedAt\"");
            }
            assertEquals(1, run(Optional.of(database.settings())), output() + err);
            assertTrue(output().contains("BREAKING   REMOVED index LoginAttempts.IX_LoginAttempts_PhoneNumber_CreatedAt"), output());
        }
    }

    @Test
    void exitsTwoWithoutADatabase() {
        assertEquals(2, run(Optional.empty()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ECLIPTIX_DB_URL"), err.toString(StandardCharsets.UTF_8));
    }
}
