package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.throwaway.EmbeddedPostgresServer;
import com.ecliptix.memberships.schema.throwaway.EmbeddedPostgresUnavailableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The main job's server when no database is given: the local PostgreSQL on 127.0.0.1:5432 (or the port
 * {@value ConnectionSettings#LOCAL_PORT_VARIABLE}), else this command line's embedded PostgreSQL, whose data
 * folder is {@code ~/.ecliptix-memberships/postgres-data} (or under {@value #EMBEDDED_HOME_VARIABLE}) and which
 * keeps running afterwards, so that the migrated database can be used. Both print where the data is and how
 * to connect.
 */
final class DefaultServer {

    /** The embedded server's folder instead of {@code ~/.ecliptix-memberships}. */
    static final String EMBEDDED_HOME_VARIABLE = "ECLIPTIX_EMBEDDED_HOME";

    private DefaultServer() {
    }

    /** Superuser settings on the default server's maintenance database, connected once. */
    static ConnectionSettings admin(ConnectionOptions connection, String database, PrintWriter out) {
        String local = localUrl(connection);
        try {
            return connection.connect(local, "postgres");
        } catch (CliException e) {
            if (e.exitCode() != ExitCode.UNREACHABLE) {
                throw e;
            }
        }
        Path home = connection.environment(EMBEDDED_HOME_VARIABLE).map(Path::of).orElseGet(EmbeddedPostgresServer::defaultHome);
        EmbeddedPostgresServer server;
        try {
            server = EmbeddedPostgresServer.persistent(home);
        } catch (EmbeddedPostgresUnavailableException e) {
            throw new CliException(ExitCode.UNREACHABLE, "No PostgreSQL answers at " + local + ", and " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CliException(ExitCode.FAILED, "No PostgreSQL answers at " + local + ", and the embedded PostgreSQL"
                    + " did not start: " + Connections.oneLine(e.getMessage()));
        }
        out.println("No PostgreSQL answers at " + local + ": using the embedded PostgreSQL " + server.majorVersion()
                + " of this command line, data folder " + server.dataDirectory() + ".");
        out.println("It keeps running for you to connect: " + server.jdbcUrl(database) + ", user "
                + EmbeddedPostgresServer.SUPERUSER + ", no password (127.0.0.1 only). Stop it with: " + server.stopCommand());
        ConnectionSettings admin = server.superuser();
        Connections.check(admin);
        return admin;
    }

    private static String localUrl(ConnectionOptions connection) {
        Optional<String> port = connection.environment(ConnectionSettings.LOCAL_PORT_VARIABLE);
        try {
            return ConnectionSettings.localPostgresUrl(port.orElse(null));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }
}
