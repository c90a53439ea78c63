package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, run as operators run it: {@code java -jar cli/target/ecliptix-memberships-cli.jar}, in a
 * process of its own with no ECLIPTIX_DB_* variables but those a test sets. Runs after {@code package}
 * (failsafe), so it tests the shaded jar itself: its manifest, its Flyway plugins, its logging.
 */
class ExecutableJarIT {

    private static final Path JAR = Path.of("target", "ecliptix-memberships-cli.jar");

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static Run java(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "the jar is built by package: " + JAR.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("ECLIPTIX_DB_"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the jar did not finish: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Run on(ThrowawayDatabase database, String verb, String... more) throws IOException, InterruptedException {
        ConnectionSettings settings = database.settings();
        List<String> args = new ArrayList<>(List.of(verb, "--url", settings.jdbcUrl()));
        if (settings.user() != null) {
            args.addAll(List.of("--user", settings.user()));
        }
        args.addAll(List.of(more));
        return java(CliRun.environment(settings), args.toArray(String[]::new));
    }

    @Test
    void helpListsTheVerbs() throws Exception {
        Run help = java(Map.of(), "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertEquals(-1, help.out().indexOf('\u001b'), "no ANSI escape codes in piped output: " + help);
        for (String verb : HelpTest.VERBS) {
            assertTrue(help.out().lines().anyMatch(l -> l.strip().startsWith(verb + " ")), verb + ": " + help);
        }
    }

    @Test
    void migrateStatusAndCleanRefusalOnARealDatabase() throws Exception {
        try (ThrowawayDatabase database = CliRun.database(Engine.POSTGRESQL)) {
            Run dryRun = on(database, "migrate", "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.toString());
            assertEquals(0, CliRun.historyRows(database), "the dry run applied nothing");

            Run migrate = on(database, "migrate");
            assertEquals(0, migrate.exitCode(), migrate.toString());
            assertTrue(migrate.out().contains("Status: complete"), migrate.toString());
            assertEquals("", migrate.err(), "no log lines, no warnings: " + migrate);
            assertEquals(-1, migrate.out().indexOf('\u001b'), "no ANSI escape codes in piped output: " + migrate);

            Run status = on(database, "status", "--json");
            assertEquals(0, status.exitCode(), status.toString());
            assertTrue(status.out().contains("\"complete\": true"), status.toString());

            long tables = CliRun.userTables(database);
            Run clean = on(database, "clean");
            assertEquals(ExitCode.REFUSED, clean.exitCode(), clean.toString());
            assertEquals(tables, CliRun.userTables(database));
        }
    }

    @Test
    void badConnectionsEndInOneLineWithTheirExitCodes() throws Exception {
        Run malformed = java(Map.of(), "info", "--url", "jdbc:postgresql://127.0.0.1:notaport/x");
        assertEquals(ExitCode.MALFORMED_URL, malformed.exitCode(), malformed.toString());
        assertEquals(1, malformed.err().strip().lines().count(), malformed.toString());

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run refused = java(Map.of(), "status", "--url", "jdbc:postgresql://127.0.0.1:" + port + "/x", "--user", "postgres");
        assertEquals(ExitCode.UNREACHABLE, refused.exitCode(), refused.toString());
        assertEquals(1, refused.err().strip().lines().count(), refused.toString());
    }
}
