package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every command sample of the README and of {@code docs/*.md} runs again, in the order the page shows it, on a
 * fresh PostgreSQL database per page, and prints what the page says it printed; so a new migration, a changed
 * message or a renamed option cannot leave a page stale.
 *
 * <p>What a page may hold, in a fenced block whose first line is a command:
 * <ul>
 * <li>{@code $ cli ARGS} or {@code $ java -jar cli/target/ecliptix-memberships-cli.jar ARGS} with {@code $DB} or
 * {@code --url} among the arguments, then what it printed
 * (standard output, then standard error); {@code | head -n N} or {@code | tail -n N} after the arguments keeps
 * that part of it;</li>
 * <li>{@code $ echo $?}, then the previous command's exit code;</li>
 * <li>{@code $DB} for {@code --url jdbc:postgresql://127.0.0.1:5432/ecliptix_demo --user postgres}: the page's
 * database, whose name is printed as {@code ecliptix_demo} whatever the throwaway database is called.</li>
 * </ul>
 * A hidden {@code <!-- sql: STATEMENT -->} or {@code <!-- cli: ARGS -->} line sets up the next samples (a procedure
 * dropped by hand, rows to clean up). Blocks with any other command are prose for people and not run. Dates and
 * times are compared as "a time".
 *
 * <p>A page with the hidden line {@code <!-- engine: babelfish -->} shows a run on Babelfish: its {@code $DB} is
 * {@code --url jdbc:sqlserver://127.0.0.1:1434;databaseName=ecliptix_demo;encrypt=false --user babelfish_user},
 * a fresh database on the T-SQL server of {@code ECLIPTIX_DB_URL}. Without a Babelfish server there the page is
 * skipped, saying so (Microsoft SQL Server prints other counts, so the page is not checked against it).
 *
 * <p>After a deliberate change, {@code mvn -pl cli -am verify -Dtest=DocumentedCommandsTest -Ddocs.rewrite=true
 * -Dsurefire.failIfNoSpecifiedTests=false} writes the new outputs into the pages; review the diff.
 */
class DocumentedCommandsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String JAR = "java -jar cli/target/ecliptix-memberships-cli.jar ";
    private static final String DOCUMENTED_DATABASE = "ecliptix_demo";
    private static final String DOCUMENTED_URL = "jdbc:postgresql://127.0.0.1:5432/" + DOCUMENTED_DATABASE;
    private static final String DOCUMENTED_BABELFISH_URL =
            "jdbc:sqlserver://127.0.0.1:1434;databaseName=" + DOCUMENTED_DATABASE + ";encrypt=false";
    private static final String BABELFISH_PAGE = "<!-- engine: babelfish -->";
    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?( UTC|Z)?");
    private static final Pattern PIPE = Pattern.compile("\\s+\\|\\s+(head|tail) -n (\\d+)$");
    private static final Pattern HIDDEN = Pattern.compile("^<!-- (sql|cli): (.*) -->$");
    private static final boolean REWRITE = Boolean.getBoolean("docs.rewrite");

    @TestFactory
    Stream<DynamicTest> everyPageWithCommandSamples() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages.stream()
                .filter(DocumentedCommandsTest::hasSamples)
                .map(page -> DynamicTest.dynamicTest(ROOT.relativize(page).toString(), () -> check(page)));
    }

    private static boolean hasSamples(Path page) {
        try {
            return Files.readAllLines(page).stream().anyMatch(DocumentedCommandsTest::isCheckedCommand);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(Path page) throws IOException, SQLException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<String> rewritten = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        boolean babelfish = lines.stream().anyMatch(l -> l.strip().equals(BABELFISH_PAGE));
        try (ThrowawayDatabase database = babelfish ? babelfishDatabase(page) : CliRun.database(Engine.POSTGRESQL)) {
            Page run = new Page(database, babelfish ? DOCUMENTED_BABELFISH_URL : DOCUMENTED_URL);
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i);
                Matcher hidden = HIDDEN.matcher(line.strip());
                if (hidden.matches()) {
                    run.setUp(hidden.group(1), hidden.group(2));
                }
                rewritten.add(line);
                i++;
                if (!line.startsWith("```") || i >= lines.size() || !isCheckedBlock(lines, i)) {
                    continue;
                }
                // A checked block: commands and their outputs up to the closing fence.
                while (i < lines.size() && !lines.get(i).startsWith("```")) {
                    String command = lines.get(i).substring(2);
                    rewritten.add(lines.get(i));
                    i++;
                    int start = i;
                    while (i < lines.size() && !lines.get(i).startsWith("$ ") && !lines.get(i).startsWith("```")) {
                        i++;
                    }
                    List<String> documented = lines.subList(start, i);
                    List<String> actual = run.execute(command);
                    if (!comparable(documented).equals(comparable(actual))) {
                        mismatches.add("$ " + command + "\n--- documented\n" + String.join("\n", documented)
                                + "\n--- printed now\n" + String.join("\n", actual));
                    }
                    rewritten.addAll(actual);
                }
            }
        }
        if (REWRITE && !mismatches.isEmpty()) {
            Files.write(page, rewritten, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(List.of(), mismatches, ROOT.relativize(page) + " shows output that the commands no longer print"
                + " (rerun with -Ddocs.rewrite=true to update the page, then review the diff)");
    }

    /** A fresh database on the Babelfish server of ECLIPTIX_DB_URL, or the page is skipped with the reason. */
    private static ThrowawayDatabase babelfishDatabase(Path page) throws SQLException {
        String skipped = ROOT.relativize(page) + " shows a run on Babelfish and is checked only against one"
                + " (ECLIPTIX_DB_URL=jdbc:sqlserver://... of a Babelfish server): ";
        DatabaseServer server = DatabaseServers.find(Engine.SQLSERVER)
                .orElseGet(() -> Assumptions.abort(skipped + DatabaseServers.unavailableReason(Engine.SQLSERVER)));
        ThrowawayDatabase database = ThrowawayDatabase.create(server);
        if (CliRun.count(database, "SELECT CASE WHEN SERVERPROPERTY('Babelfish') IS NULL THEN 0 ELSE 1 END") == 0) {
            database.close();
            Assumptions.abort(skipped + server + " is Microsoft SQL Server");
        }
        return database;
    }

    private static boolean isCheckedBlock(List<String> lines, int first) {
        boolean any = false;
        for (int i = first; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
            if (lines.get(i).startsWith("$ ")) {
                if (!isCheckedCommand(lines.get(i))) {
                    return false;
                }
                any = true;
            } else if (i == first) {
                return false;
            }
        }
        return any;
    }

    /**
     * A run of the jar on a database the command names ({@code $DB} or {@code --url}), or {@code echo $?}. A run
     * without one (the main job on whatever server answers) depends on the machine, so it stays prose.
     */
    private static boolean isCheckedCommand(String line) {
        boolean jar = line.startsWith("$ cli ") || line.startsWith("$ " + JAR);
        return jar && (line.contains("$DB") || line.contains("--url ")) || line.equals("$ echo $?");
    }

    private static List<String> comparable(List<String> output) {
        return output.stream().map(l -> TIME.matcher(l).replaceAll("<time>").stripTrailing()).toList();
    }

    /** One page's run: its database and the exit code of its last command. */
    private static final class Page {

        private final ThrowawayDatabase database;
        private final ConnectionSettings settings;
        /** The page's URL for the database: what it shows in outputs and may write in a command. */
        private final String documentedUrl;
        private int lastExitCode;

        Page(ThrowawayDatabase database, String documentedUrl) {
            this.database = database;
            this.settings = database.settings();
            this.documentedUrl = documentedUrl;
        }

        void setUp(String kind, String text) throws SQLException {
            if (kind.equals("sql")) {
                CliRun.execute(database, text);
            } else {
                CliRun.Result result = CliRun.run(CliRun.environment(settings), arguments(text));
                assertFalse(result.exitCode() > ExitCode.FAILED, "set-up step `" + text + "` failed: " + result);
            }
        }

        List<String> execute(String command) {
            if (command.equals("echo $?")) {
                return List.of(String.valueOf(lastExitCode));
            }
            String args = command.startsWith("cli ") ? command.substring(4) : command.substring(JAR.length());
            Matcher pipe = PIPE.matcher(args);
            String filter = null;
            int count = 0;
            if (pipe.find()) {
                filter = pipe.group(1);
                count = Integer.parseInt(pipe.group(2));
                args = args.substring(0, pipe.start());
            }
            CliRun.Result result = CliRun.run(CliRun.environment(settings), arguments(args));
            lastExitCode = result.exitCode();
            List<String> printed = new ArrayList<>();
            (result.out() + result.err()).lines().map(this::documented).forEach(printed::add);
            if ("head".equals(filter)) {
                return printed.subList(0, Math.min(count, printed.size()));
            }
            if ("tail".equals(filter)) {
                return printed.subList(Math.max(0, printed.size() - count), printed.size());
            }
            return printed;
        }

        private String[] arguments(String args) {
            String database = settings.user() == null ? "--url " + settings.jdbcUrl()
                    : "--url " + settings.jdbcUrl() + " --user " + settings.user();
            String expanded = args.replace("$DB", database).replace(documentedUrl, settings.jdbcUrl())
                    .replace(DOCUMENTED_DATABASE, this.database.name());
            return expanded.strip().split("\\s+");
        }

        /** The line as the page shows it: the page's database under its documented name and URL. */
        private String documented(String line) {
            return line.replace(settings.redactedUrl(), documentedUrl)
                    .replace(settings.jdbcUrl(), documentedUrl)
                    .replace(database.name(), DOCUMENTED_DATABASE);
        }
    }
}
