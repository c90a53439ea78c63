package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verbs and exit codes that {@code --help} lists, and what a missing verb or database gets. */
class HelpTest {

    static final List<String> VERBS = List.of("info", "migrate", "validate", "baseline", "repair", "clean", "status",
            "drift", "snapshot", "cleanup", "adopt", "config");

    @Test
    void helpListsEveryVerbAndExitCode() {
        CliRun.Result help = CliRun.run(Map.of(), "--help");
        assertEquals(0, help.exitCode(), help.toString());
        for (String verb : VERBS) {
            assertTrue(help.out().lines().anyMatch(line -> line.strip().startsWith(verb + " ")), verb + " in " + help);
        }
        for (int code = 0; code <= 7; code++) {
            int c = code;
            assertTrue(help.out().lines().anyMatch(line -> line.strip().startsWith(c + " ")), "exit code " + code + " in " + help);
        }
    }

    @Test
    void eachVerbHasItsOwnHelp() {
        for (String verb : VERBS) {
            CliRun.Result help = CliRun.run(Map.of(), verb, "--help");
            assertEquals(0, help.exitCode(), help.toString());
            assertTrue(help.out().startsWith("Usage: ecliptix-memberships " + verb), help.toString());
        }
        assertTrue(CliRun.run(Map.of(), "migrate", "--help").out().contains("--dry-run"));
        assertTrue(CliRun.run(Map.of(), "clean", "--help").out().contains("--confirm=DATABASE_NAME"));
    }

    @Test
    void noVerbIsAUsageError() {
        CliRun.Result none = CliRun.run(Map.of());
        assertEquals(ExitCode.USAGE, none.exitCode(), none.toString());
        assertTrue(none.err().contains("Name a verb"), none.toString());
    }

    @Test
    void aVerbWithoutADatabaseSaysHowToGiveOne() {
        for (String verb : List.of("info", "validate", "baseline", "repair", "clean", "status", "drift", "cleanup", "adopt", "config")) {
            CliRun.Result result = CliRun.run(Map.of(), verb);
            assertEquals(ExitCode.USAGE, result.exitCode(), result.toString());
            assertEquals(1, result.err().strip().lines().count(), result.toString());
            assertTrue(result.err().contains("--url") && result.err().contains("ECLIPTIX_DB_URL"), result.toString());
        }
    }
}
