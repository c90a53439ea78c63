package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The password prompt, on a real terminal: the jar runs under util-linux {@code script}, which gives it a
 * pseudo-terminal (so {@code System.console()} exists) and passes what the test types. The local
 * PostgreSQL trusts its logins, so the typed password is not checked; what is tested is that the prompt
 * comes, the typed text is not echoed, and the verb runs after it.
 */
class PasswordPromptIT {

    private static final Path JAR = Path.of("target", "ecliptix-memberships-cli.jar");
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final String TYPED = "typed-on-the-terminal";

    private static String onATerminal(String typed, String... args) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "no " + SCRIPT + " (util-linux) to give the jar a terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -jar " + JAR + " " + String.join(" ", args);
        ProcessBuilder builder = new ProcessBuilder(List.of(SCRIPT.toString(), "-qec", command, "/dev/null"));
        builder.environment().keySet().removeIf(name -> name.startsWith("ECLIPTIX_DB_"));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (InputStream out = process.getInputStream()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = out.read(buffer)) > 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException closed) {
                // The process ended.
            }
        });
        reader.start();
        // Type only once the prompt is there (echo is off then), or not at all when the command ends first.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (process.isAlive() && !output.toString().contains("Password for") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (process.isAlive()) {
            try (OutputStream in = process.getOutputStream()) {
                in.write((typed + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException ended) {
                // The command finished meanwhile: nothing to type.
            }
        }
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), output.toString());
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return "exit " + process.exitValue() + "\n" + output;
    }

    @Test
    void dashWPromptsOnTheTerminalWithoutEchoAndThenRuns() throws Exception {
        try (ThrowawayDatabase database = CliRun.database(Engine.POSTGRESQL)) {
            String run = onATerminal(TYPED, "info", "-W", "--url", database.settings().jdbcUrl(), "--user", "postgres");
            assertTrue(run.startsWith("exit 0\n"), run);
            assertTrue(run.contains("Password for postgres: "), run);
            assertFalse(run.contains(TYPED), "the password is not echoed: " + run);
            assertTrue(run.contains("version  description"), run);
        }
    }

    @Test
    void anUnknownUserIsRefusedWithoutAPromptAPasswordWouldNotHelp() throws Exception {
        // The PostgreSQL the tests found (the local one, or the embedded one where none answers on 5432).
        String url = CliRun.server(Engine.POSTGRESQL).admin().jdbcUrl().replaceFirst("\\?.*$", "");
        String run = onATerminal("", "status", "--url", url, "--user", "ecliptix_no_such_user");
        assertTrue(run.startsWith("exit " + ExitCode.BAD_LOGIN + "\n"), run);
        assertFalse(run.contains("Password for"), run);
    }
}
