package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.RoleLogin;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code config} shows every limit (the value the routines use, its default, the stored value) and
 * {@code config set} changes one through SetConfigValue, audited in EventLog; bad values, unknown keys and a
 * login without the operator's role change nothing.
 */
class ConfigCommandTest {

    private static final Limit LIMIT = Limit.MAX_FAILED_LOGINS;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void showsEveryLimitWithItsValueDefaultAndStoredValue(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine).migrate()) {
            // An operator's manual edit that does not parse: the routines use the default.
            CliRun.execute(database, "UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = 'lots' WHERE \"ConfigKey\" = '"
                    + Limit.LOCKOUT_DURATION.key() + "'");

            CliRun.Result shown = CliRun.on(database, "config");

            assertEquals(ExitCode.OK, shown.exitCode(), shown.toString());
            List<String> lines = shown.out().lines().toList();
            assertEquals("Limits of " + database.settings().redactedUrl() + " (" + engine + "):", lines.get(0), shown.toString());
            assertEquals(List.of("limit", "value", "default", "stored"), List.of(lines.get(1).split("\\s+")));
            List<Limit> sorted = Arrays.stream(Limit.values()).sorted(Comparator.comparing(Limit::key)).toList();
            assertEquals(sorted.size() + 2, lines.size(), shown.toString());
            for (int i = 0; i < sorted.size(); i++) {
                Limit limit = sorted.get(i);
                List<String> cells = List.of(lines.get(i + 2).split("\\s+"));
                assertEquals(limit.key(), cells.get(0), shown.toString());
                assertEquals(cells.get(2), cells.get(1), "at its default: " + cells);
                assertTrue(cells.get(2).matches("[1-9][0-9]*"), "a default: " + cells);
                // The seeded rows hold the default; a limit without a row shows (none); the edited one what was stored.
                String stored = limit == Limit.LOCKOUT_DURATION ? "lots" : storedOrNone(database, limit.key());
                assertEquals(stored, cells.get(3), cells.toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void setChangesALimitAndAuditsIt(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine).migrate()) {
            CliRun.Result set = CliRun.on(database, "config", "set", LIMIT.key(), "7");

            assertEquals(ExitCode.OK, set.exitCode(), set.toString());
            assertEquals("Set " + LIMIT.key() + " to 7 (was 5) on " + database.settings().redactedUrl() + " (" + engine
                    + "); recorded in EventLog as config_changed.", set.out().strip());
            assertEquals("7", stored(database, LIMIT.key()));
            assertEquals(1, CliRun.count(database, "SELECT count(*) FROM dbo.\"EventLog\" WHERE \"EventType\" = 'config_changed'"
                    + " AND \"Message\" LIKE '%" + LIMIT.key() + "%from 5 to 7%'"));
            assertTrue(CliRun.on(database, "config").out().lines().anyMatch(l -> List.of(l.split("\\s+")).equals(List.of(LIMIT.key(), "7", "5", "7"))),
                    "config shows the new value");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void badValuesAndUnknownKeysAreRefusedAndChangeNothing(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine).migrate()) {
            long events = CliRun.count(database, "SELECT count(*) FROM dbo.\"EventLog\"");
            for (String bad : List.of("0", "-3", "+5", "five", "٣", "2147483648", " 5")) {
                CliRun.Result refused = CliRun.on(database, "config", "set", LIMIT.key(), bad);
                assertEquals(ExitCode.USAGE, refused.exitCode(), refused.toString());
                assertEquals(List.of("Not set: " + bad + " is not a whole number > 0 for " + LIMIT.key() + "; nothing was changed."),
                        refused.err().strip().lines().toList(), refused.toString());
            }
            CliRun.Result unknown = CliRun.on(database, "config", "set", "Authentication.MaxFailedAttempt", "5");
            assertEquals(ExitCode.USAGE, unknown.exitCode(), unknown.toString());
            assertTrue(unknown.err().startsWith("Authentication.MaxFailedAttempt is not a limit; the limits are "), unknown.toString());

            assertEquals("5", stored(database, LIMIT.key()));
            assertEquals(events, CliRun.count(database, "SELECT count(*) FROM dbo.\"EventLog\""), "no change was recorded");
            assertEquals(0, CliRun.count(database, "SELECT count(*) FROM dbo.\"SystemConfiguration\""
                    + " WHERE \"ConfigKey\" = 'Authentication.MaxFailedAttempt'"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void setNeedsTheOperatorsRoleAndShowDoesNot(Engine engine) throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(engine).migrate();
                RoleLogin application = RoleLogin.create(database, RoleLogin.APPLICATION_ROLE);
                RoleLogin operator = RoleLogin.create(database, RoleLogin.OPERATOR_ROLE)) {
            CliRun.Result refused = CliRun.as(application, database, "config", "set", LIMIT.key(), "1000");

            assertEquals(ExitCode.FAILED, refused.exitCode(), refused.toString());
            assertEquals(List.of("config set refused: the login " + application.name() + " may not run SetConfigValue; it needs the"
                    + " role ecliptix_operator (docs/operations.md, Roles). Nothing was changed."), refused.err().strip().lines().toList());
            assertEquals("5", stored(database, LIMIT.key()));

            assertEquals(ExitCode.OK, CliRun.as(application, database, "config").exitCode(), "the application may read the limits");
            CliRun.Result set = CliRun.as(operator, database, "config", "set", LIMIT.key(), "6");
            assertEquals(ExitCode.OK, set.exitCode(), set.toString());
            assertEquals("6", stored(database, LIMIT.key()));
            assertEquals(ExitCode.OK, CliRun.as(operator, database, "config").exitCode(), "the operator may read the limits");
        }
    }

    private static String storedOrNone(ThrowawayDatabase database, String key) throws SQLException {
        String stored = stored(database, key);
        return stored == null ? "(none)" : stored;
    }

    private static String stored(ThrowawayDatabase database, String key) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT \"ConfigValue\" FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
