package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each kind of bad connection input ends in one line, without a stack trace, with its own exit code, and
 * never prints a password. Every verb goes through the same check; status and migrate stand for them.
 */
class ConnectionErrorsTest {

    private static final String SECRET = "s3cret-never-printed";

    private static String tag() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    }

    private static void assertOneLine(CliRun.Result result, int exitCode, String... fragments) {
        assertEquals(exitCode, result.exitCode(), result.toString());
        String err = result.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + result);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + result);
        assertFalse(result.out().contains(SECRET) || err.contains(SECRET), "no password: " + result);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), fragment + " in " + result);
        }
    }

    @Test
    void malformedUrls() {
        Map<String, String> environment = Map.of(ConnectionSettings.PASSWORD_VARIABLE, SECRET);
        assertOneLine(CliRun.run(environment, "status", "--url", "postgres://127.0.0.1:5432/db"),
                ExitCode.MALFORMED_URL, "Malformed JDBC URL", "postgres://127.0.0.1:5432/db");
        assertOneLine(CliRun.run(environment, "status", "--url", "jdbc:mysql://127.0.0.1:3306/db"),
                ExitCode.MALFORMED_URL, "Malformed JDBC URL");
        assertOneLine(CliRun.run(environment, "status", "--url", "jdbc:postgresql://127.0.0.1:notaport/db"),
                ExitCode.MALFORMED_URL, "Malformed JDBC URL");
        assertOneLine(CliRun.run(environment, "migrate", "--url", "jdbc:postgresql://127.0.0.1:5432/db?password=" + SECRET + "&ssl=maybe%"),
                ExitCode.MALFORMED_URL, "password=***");
    }

    @Test
    void refusedConnection() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        assertOneLine(CliRun.run(Map.of(ConnectionSettings.PASSWORD_VARIABLE, SECRET),
                        "status", "--url", "jdbc:postgresql://127.0.0.1:" + port + "/ecliptix_memberships", "--user", "postgres"),
                ExitCode.UNREACHABLE, "No database server answers", "127.0.0.1:" + port);
    }

    @Test
    void anUnknownHostIsNamedNotJustAFailedAttempt() {
        // .invalid never resolves (RFC 2606).
        CliRun.Result result = CliRun.run(Map.of(ConnectionSettings.PASSWORD_VARIABLE, SECRET),
                "status", "--url", "jdbc:postgresql://ecliptix-no-such-host.invalid:5432/ecliptix_memberships", "--user", "postgres");
        assertOneLine(result, ExitCode.UNREACHABLE, "No database server answers", "unknown host ecliptix-no-such-host.invalid",
                "Correct the host name");
        assertFalse(result.err().contains("The connection attempt failed"), result.toString());
    }

    @Test
    void unknownUserIsABadLogin() {
        DatabaseServer server = CliRun.server(Engine.POSTGRESQL);
        String user = "ecliptix_no_such_user_" + tag();
        assertOneLine(CliRun.run(Map.of(ConnectionSettings.PASSWORD_VARIABLE, SECRET),
                        "status", "--url", server.admin().jdbcUrl(), "--user", user),
                ExitCode.BAD_LOGIN, "Login refused", user);
    }

    @Test
    void roleWithoutLoginIsABadLogin() throws SQLException {
        try (ThrowawayDatabase database = CliRun.database(Engine.POSTGRESQL)) {
            String role = "ecliptix_nologin_" + tag();
            CliRun.execute(database, "CREATE ROLE " + role + " NOLOGIN");
            try {
                assertOneLine(CliRun.run(Map.of(), "info", "--url", database.settings().jdbcUrl(), "--user", role),
                        ExitCode.BAD_LOGIN, "Login refused", role);
            } finally {
                CliRun.execute(database, "DROP ROLE " + role);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void missingDatabase(Engine engine) {
        DatabaseServer server = CliRun.server(engine);
        String missing = "ecliptix_tmp_missing_" + tag();
        ConnectionSettings settings = server.database(missing);
        CliRun.Result result = CliRun.run(CliRun.environment(settings), "status", "--url", settings.jdbcUrl(),
                "--user", settings.user() == null ? "postgres" : settings.user());
        assertOneLine(result, ExitCode.MISSING_DATABASE, "Missing database", missing);
    }

    @Test
    void migrateStopsAtAMissingDatabaseToo() {
        // migrate creates only the default database, never one named by --url.
        DatabaseServer server = CliRun.server(Engine.POSTGRESQL);
        String missing = "ecliptix_tmp_missing_" + tag();
        CliRun.Result result = CliRun.run(Map.of(), "migrate", "--url", server.database(missing).jdbcUrl(), "--user", "postgres");
        assertOneLine(result, ExitCode.MISSING_DATABASE, missing);
    }
}
