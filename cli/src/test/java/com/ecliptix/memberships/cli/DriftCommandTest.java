package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** drift keeps its exit codes: 0 without drift, 1 with the differences, 2 without a database. */
class DriftCommandTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void exitsZeroWithoutDriftAndOneWithTheDiff(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine).migrate()) {
            CliRun.Result clean = CliRun.on(database, "drift");
            assertEquals(ExitCode.OK, clean.exitCode(), clean.toString());
            assertTrue(clean.out().contains("No drift"), clean.toString());
            assertTrue(clean.out().contains(database.name()), "the report names the database: " + clean);

            CliRun.execute(database, switch (engine) {
                case POSTGRESQL -> "DROP INDEX dbo.\"IX_LoginAttempts_PhoneNumber_CreatedAt\"";
                case SQLSERVER -> "DROP INDEX IX_LoginAttempts_PhoneNumber_CreatedAt ON dbo.LoginAttempts";
            });
            CliRun.Result drifted = CliRun.on(database, "drift");
            assertEquals(ExitCode.FAILED, drifted.exitCode(), drifted.toString());
            assertTrue(drifted.out().contains("BREAKING   REMOVED index LoginAttempts.IX_LoginAttempts_PhoneNumber_CreatedAt"),
                    drifted.toString());
        }
    }

    @Test
    void exitsTwoWithoutADatabase() {
        CliRun.Result result = CliRun.run(Map.of(), "drift");
        assertEquals(ExitCode.USAGE, result.exitCode(), result.toString());
        assertTrue(result.err().contains("ECLIPTIX_DB_URL"), result.toString());
    }
}
