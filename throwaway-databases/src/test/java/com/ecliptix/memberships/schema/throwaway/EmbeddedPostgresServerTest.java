package com.ecliptix.memberships.schema.throwaway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server itself: started, used, stopped, crashed and restarted with its data and port; the
 * persistent one found again by a second start; the temporary one gone once its JVM has ended; and
 * {@link DatabaseServers} falling back to it when nothing answers locally.
 */
class EmbeddedPostgresServerTest {

    @Test
    void startsIsUsedStopsAndRestartsKeepingItsPortAndData() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.temporary();
        try {
            assertTrue(server.isRunning());
            long firstPid = server.postmasterPid().orElseThrow();
            int port = server.port();
            ConnectionSettings admin = server.superuser();
            execute(admin, "CREATE TABLE kept (id int PRIMARY KEY, label text NOT NULL)");
            execute(admin, "INSERT INTO kept VALUES (1, 'before the stop'), (2, 'also before')");
            assertEquals(List.of("1 before the stop", "2 also before"), rows(admin));
            assertEquals("15", server.majorVersion());

            server.stop();
            assertFalse(server.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false), "postmaster " + firstPid);
            assertThrows(SQLException.class, () -> rows(admin), "a stopped server refuses connections");

            server.start();
            assertEquals(port, server.port());
            assertEquals(List.of("1 before the stop", "2 also before"), rows(admin));

            // A crash (stop -m immediate) after a committed insert: the next start recovers it from the WAL.
            execute(admin, "INSERT INTO kept VALUES (3, 'before the crash')");
            server.stopImmediately();
            assertFalse(server.isRunning());
            server.start();
            assertEquals(List.of("1 before the stop", "2 also before", "3 before the crash"), rows(admin));

            long beforeRestart = server.postmasterPid().orElseThrow();
            server.restart();
            assertNotEquals(beforeRestart, server.postmasterPid().orElseThrow(), "a new postmaster");
            assertEquals(3, rows(admin).size());
        } finally {
            server.stop();
        }
    }

    @Test
    void aPersistentServerIsFoundAgainWithItsData(@TempDir Path folder) throws Exception {
        Path home = folder.resolve("home");
        EmbeddedPostgresServer first = EmbeddedPostgresServer.persistent(home);
        try {
            execute(first.superuser(), "CREATE TABLE kept (id int PRIMARY KEY, label text NOT NULL)");
            execute(first.superuser(), "INSERT INTO kept VALUES (1, 'persistent')");
            first.stop();

            EmbeddedPostgresServer second = EmbeddedPostgresServer.persistent(home);
            assertEquals(first.port(), second.port());
            assertEquals(home.resolve("postgres-data"), second.dataDirectory());
            assertEquals(List.of("1 persistent"), rows(second.superuser()));

            // Already running: a third start finds the same postmaster.
            long pid = second.postmasterPid().orElseThrow();
            assertEquals(pid, EmbeddedPostgresServer.persistent(home).postmasterPid().orElseThrow());
        } finally {
            first.stop();
        }
    }

    @Test
    void asRootTheServerRunsAsAnUnprivilegedUserOrInAUserNamespace(@TempDir Path folder) throws Exception {
        Assumptions.assumeTrue(ServerAccount.isRoot(), "not root: the server runs as the current user");
        // Under a folder others can reach (JUnit makes its own of mode 700): the system user.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        EmbeddedPostgresServer reachable = EmbeddedPostgresServer.persistent(folder.resolve("open"));
        try {
            assertEquals("the system user " + ServerAccount.OS_USER, reachable.account());
            assertEquals(ServerAccount.OS_USER, processUser(reachable.postmasterPid().orElseThrow()));
        } finally {
            reachable.stop();
        }
        // Under a folder of mode 700 (like root's home): that user cannot reach it, so a user namespace.
        Path closed = Files.createDirectories(folder.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Assumptions.assumeTrue(new ProcessBuilder("unshare", "-U", "true").start().waitFor() == 0,
                "the kernel allows no user namespace here");
        EmbeddedPostgresServer namespaced = EmbeddedPostgresServer.persistent(closed.resolve("home"));
        try {
            assertTrue(namespaced.account().contains("unshare -U"), namespaced.account());
            execute(namespaced.superuser(), "CREATE TABLE t (id int)");
        } finally {
            namespaced.stop();
        }
    }

    @Test
    void aTemporaryServerIsStoppedAndDeletedOnceItsJvmHasEnded() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TemporaryServerMain.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        String[] started = output.lines().filter(l -> l.startsWith("started ")).findFirst().orElseThrow(() ->
                new AssertionError(output)).split(" ");
        long pid = Long.parseLong(started[1]);
        Path data = Path.of(started[2]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((ProcessHandle.of(pid).isPresent() || Files.exists(data)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "postmaster " + pid + " still runs");
        assertFalse(Files.exists(data), data + " still exists");
    }

    @Test
    void whenNothingAnswersLocallyTheBuildsGetTheEmbeddedServerAndMigrateOnIt() throws IOException {
        Assumptions.assumeTrue(ConnectionSettings.fromEnvironment().isEmpty(), "ECLIPTIX_DB_URL is set: it comes first");
        Assumptions.assumeTrue(DockerDatabaseServers.ifDockerAnswers().isEmpty(), "Docker answers: it comes before");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertTrue(DatabaseServers.localPostgres("jdbc:postgresql://127.0.0.1:" + closed + "/postgres").isEmpty());
        DatabaseServer server = DatabaseServers.embeddedPostgres().orElseThrow();
        assertTrue(server.origin().startsWith("embedded PostgreSQL"), server.toString());
        try (ThrowawayDatabase database = ThrowawayDatabase.create(server).migrate()) {
            SchemaStatus status = SchemaStatus.read(database.dataSource());
            assertTrue(status.complete(), status.report(database.name()));
        }
    }

    @Test
    void whenTheLocalServerAnswersItIsTheOneFound() {
        Assumptions.assumeTrue(ConnectionSettings.fromEnvironment().isEmpty(), "ECLIPTIX_DB_URL is set: it comes first");
        Assumptions.assumeTrue(DatabaseServers.localPostgres(ConnectionSettings.localPostgresUrl()).isPresent(),
                "nothing answers at " + ConnectionSettings.localPostgresUrl());
        DatabaseServer found = DatabaseServers.find(Engine.POSTGRESQL).orElseThrow();
        assertEquals("local PostgreSQL", found.origin(), found.toString());
    }

    /** Run in a JVM of its own by aTemporaryServerIsStoppedAndDeletedOnceItsJvmHasEnded: starts a temporary server, says where, and ends. */
    public static final class TemporaryServerMain {
        public static void main(String[] args) {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.temporary();
            System.out.println("started " + server.postmasterPid().orElseThrow() + " " + server.dataDirectory());
        }
    }

    private static String processUser(long pid) throws IOException {
        return ProcessHandle.of(pid).flatMap(h -> h.info().user()).orElseThrow();
    }

    private static void execute(ConnectionSettings settings, String sql) throws SQLException {
        try (Connection c = settings.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(ConnectionSettings settings) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = settings.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, label FROM kept ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }
}
