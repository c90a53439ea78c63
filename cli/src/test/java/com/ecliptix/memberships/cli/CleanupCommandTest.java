package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.RoleLogin;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** cleanup deletes only rows past retention, a progress line per batch; bad batch sizes are refused before any call. */
class CleanupCommandTest {

    private static final int OLD = 25;
    private static final int RECENT = 4;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deletesExpiredRowsInBatchesWithALinePerBatch(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine).migrate()) {
            insertLogins(database, OLD, LocalDateTime.now(ZoneOffset.UTC).minusDays(400));
            insertLogins(database, RECENT, LocalDateTime.now(ZoneOffset.UTC).minusHours(1));

            CliRun.Result result = CliRun.on(database, "cleanup", "--batch", "10");

            assertEquals(ExitCode.OK, result.exitCode(), result.toString());
            List<String> batches = result.out().lines().filter(l -> l.strip().startsWith("batch ")).toList();
            assertEquals(List.of("  batch 1: 10 rows deleted", "  batch 2: 10 rows deleted", "  batch 3: 5 rows deleted"), batches,
                    result.toString());
            assertTrue(result.out().contains("Cleanup done: " + OLD + " rows deleted in 3 batch(es)."), result.toString());
            assertEquals(RECENT, CliRun.count(database, "SELECT count(*) FROM dbo.\"LoginAttempts\""), "recent rows kept");

            CliRun.Result nothing = CliRun.on(database, "cleanup");
            assertEquals(ExitCode.OK, nothing.exitCode(), nothing.toString());
            assertTrue(nothing.out().contains("Cleanup done: 0 rows deleted in 0 batch(es)."), nothing.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void badBatchSizesAreRefusedAndNothingIsDeleted(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine).migrate()) {
            insertLogins(database, 3, LocalDateTime.now(ZoneOffset.UTC).minusDays(400));
            for (String batch : List.of("0", "-1", "10001")) {
                CliRun.Result refused = CliRun.on(database, "cleanup", "--batch", batch);
                assertEquals(ExitCode.USAGE, refused.exitCode(), refused.toString());
                assertTrue(refused.err().contains("--batch must be 1 to 10000"), refused.toString());
            }
            CliRun.Result notANumber = CliRun.on(database, "cleanup", "--batch", "many");
            assertEquals(ExitCode.USAGE, notANumber.exitCode(), notANumber.toString());
            assertEquals(3, CliRun.count(database, "SELECT count(*) FROM dbo.\"LoginAttempts\""));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void itRunsAsTheOperatorsRoleAndRefusesTheApplicationsInOneLine(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine).migrate();
                RoleLogin application = RoleLogin.create(database, RoleLogin.APPLICATION_ROLE);
                RoleLogin operator = RoleLogin.create(database, RoleLogin.OPERATOR_ROLE)) {
            insertLogins(database, 3, LocalDateTime.now(ZoneOffset.UTC).minusDays(400));

            CliRun.Result refused = CliRun.as(application, database, "cleanup");

            assertEquals(ExitCode.FAILED, refused.exitCode(), refused.toString());
            assertEquals(List.of("cleanup refused: the login " + application.name() + " may not run CleanupExpiredData; it needs the role"
                    + " ecliptix_operator (docs/operations.md, Roles). Nothing was changed."), refused.err().strip().lines().toList());
            assertEquals(3, CliRun.count(database, "SELECT count(*) FROM dbo.\"LoginAttempts\""), "nothing deleted");

            CliRun.Result done = CliRun.as(operator, database, "cleanup");

            assertEquals(ExitCode.OK, done.exitCode(), done.toString());
            assertTrue(done.out().contains("Cleanup done: 3 rows deleted in 1 batch(es)."), done.toString());
            assertEquals(0, CliRun.count(database, "SELECT count(*) FROM dbo.\"LoginAttempts\""));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnmigratedDatabaseIsRefusedInOneLine(Engine engine) {
        try (ThrowawayDatabase database = CliRun.database(engine)) {
            CliRun.Result result = CliRun.on(database, "cleanup");
            assertEquals(ExitCode.FAILED, result.exitCode(), result.toString());
            assertEquals(1, result.err().strip().lines().count(), result.toString());
        }
    }

    private static void insertLogins(ThrowawayDatabase database, int rows, LocalDateTime at) throws SQLException {
        String failed = database.engine() == Engine.POSTGRESQL ? "false" : "0";
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\","
                        + " \"IsSuccess\", \"CreatedAt\", \"UpdatedAt\") VALUES (?, 'invalid_credentials', " + failed + ", ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                s.setString(1, "+1555000" + String.format("%04d", i));
                s.setObject(2, at);
                s.setObject(3, at);
                s.executeUpdate();
            }
        }
    }
}
