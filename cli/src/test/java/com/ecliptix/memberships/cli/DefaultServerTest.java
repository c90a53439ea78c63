package com.ecliptix.memberships.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.SchemaStatus;
import com.ecliptix.memberships.schema.throwaway.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job without a database given and without a local PostgreSQL (the local port pointed at one where
 * nothing answers): it migrates the embedded server's database, says where its data is and how to connect,
 * and finds the same server, port and data the next time.
 */
class DefaultServerTest {

    @Test
    void withoutALocalServerTheMainJobMigratesThePersistentEmbeddedDatabase(@TempDir Path home) throws IOException {
        Map<String, String> environment = Map.of(
                ConnectionSettings.LOCAL_PORT_VARIABLE, Integer.toString(closedPort()),
                DefaultServer.EMBEDDED_HOME_VARIABLE, home.toString());
        try {
            CliRun.Result first = CliRun.run(environment, "migrate");
            assertEquals(ExitCode.OK, first.exitCode(), first.toString());
            Path data = home.resolve("postgres-data");
            assertTrue(first.out().contains("using the embedded PostgreSQL 15 of this command line, data folder " + data + "."),
                    first.toString());
            EmbeddedPostgresServer server = EmbeddedPostgresServer.persistent(home);
            String url = server.jdbcUrl(MigrateCommand.DEFAULT_DATABASE);
            assertTrue(first.out().contains("It keeps running for you to connect: " + url + ", user postgres, no password"),
                    first.toString());
            assertTrue(first.out().contains("Created database " + MigrateCommand.DEFAULT_DATABASE + "."), first.toString());
            assertTrue(first.out().strip().endsWith("Status: complete"), first.toString());
            assertFalse(first.out().contains("password="), "no password in any URL: " + first);

            // What the output says works: that URL, that user, no password.
            SchemaStatus status = SchemaStatus.read(new ConnectionSettings(url, "postgres", null).dataSource());
            assertTrue(status.complete(), status.report(url));

            CliRun.Result second = CliRun.run(environment, "migrate");
            assertEquals(ExitCode.OK, second.exitCode(), second.toString());
            assertTrue(second.out().contains(url) && second.out().contains("Applied 0 migration(s)."), second.toString());
            assertFalse(second.out().contains("Created database"), second.toString());
        } finally {
            EmbeddedPostgresServer.persistent(home).stop();
        }
    }

    @Test
    void aLocalPortThatIsNoNumberIsABadArgument() {
        CliRun.Result result = CliRun.run(Map.of(ConnectionSettings.LOCAL_PORT_VARIABLE, "five"), "migrate");
        assertEquals(ExitCode.USAGE, result.exitCode(), result.toString());
        assertEquals("ECLIPTIX_LOCAL_PG_PORT must be a port number, not five", result.err().strip());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
