package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Finds a database server for builds and test runs, in this order:
 * <ol>
 *   <li>an explicit JDBC URL: {@code ECLIPTIX_DB_URL}, {@code ECLIPTIX_DB_USER}, {@code ECLIPTIX_DB_PASSWORD}
 *       (environment or system properties); a {@code jdbc:sqlserver:} URL selects SQL Server;</li>
 *   <li>the local PostgreSQL on 127.0.0.1:5432 (or the port {@code ECLIPTIX_LOCAL_PG_PORT}; user {@code postgres},
 *       or {@code PGUSER} and {@code PGPASSWORD});</li>
 *   <li>a Testcontainers container when a Docker engine answers;</li>
 *   <li>an embedded PostgreSQL of this JVM ({@link EmbeddedPostgresServer#temporary()}), from Maven Central's
 *       server binaries, for PostgreSQL only.</li>
 * </ol>
 * When even the embedded server cannot run, it stops with a {@link NoDatabaseServerException} naming these options.
 */
public final class DatabaseServers {

    private static EmbeddedPostgresServer embedded;
    private static String embeddedFailure;

    private DatabaseServers() {
    }

    /** The first server found, of either engine. */
    public static DatabaseServer locate() {
        return explicit()
                .or(() -> find(Engine.POSTGRESQL))
                .orElseThrow(() -> none("any engine"));
    }

    /**
     * The first server of one engine. jOOQ's code generator needs PostgreSQL (the open-source jOOQ has
     * no SQL Server dialect), and the SQL Server test runs need SQL Server.
     */
    public static DatabaseServer locate(Engine engine) {
        return find(engine).orElseThrow(() -> none(engine.name()));
    }

    /** Like {@link #locate(Engine)}, empty when no server of that engine can be had. */
    public static Optional<DatabaseServer> find(Engine engine) {
        Optional<DatabaseServer> explicit = explicit().filter(s -> s.engine() == engine);
        return switch (engine) {
            case POSTGRESQL -> explicit
                    .or(() -> localPostgres(ConnectionSettings.localPostgresUrl()))
                    .or(() -> DockerDatabaseServers.ifDockerAnswers().map(DockerDatabaseServers::postgres))
                    .or(DatabaseServers::embeddedPostgres);
            case SQLSERVER -> explicit
                    .or(() -> DockerDatabaseServers.ifDockerAnswers().map(DockerDatabaseServers::sqlServer));
        };
    }

    /** Why {@link #find(Engine)} came back empty, for skip messages. */
    public static String unavailableReason(Engine engine) {
        return "no " + engine + " server: " + ConnectionSettings.URL_VARIABLE + " is "
                + explicit().map(s -> "a " + s.engine() + " URL").orElse("not set")
                + (engine == Engine.POSTGRESQL ? ", nothing answers at " + ConnectionSettings.localPostgresUrl() : "")
                + (engine == Engine.POSTGRESQL ? ", " : " and ") + DockerDatabaseServers.whyNoDocker()
                + (engine == Engine.POSTGRESQL ? " and the embedded PostgreSQL cannot run: " + embeddedFailure : "");
    }

    private static Optional<DatabaseServer> explicit() {
        return ConnectionSettings.fromEnvironment()
                .map(settings -> new DatabaseServer(settings, ConnectionSettings.URL_VARIABLE));
    }

    /** The embedded server of this JVM, started on first use; empty (and the reason kept) when it cannot run. */
    static synchronized Optional<DatabaseServer> embeddedPostgres() {
        if (embedded == null && embeddedFailure == null) {
            try {
                embedded = EmbeddedPostgresServer.temporary();
            } catch (RuntimeException e) {
                embeddedFailure = e.getMessage();
            }
        }
        return Optional.ofNullable(embedded).map(EmbeddedPostgresServer::asDatabaseServer);
    }

    /** The PostgreSQL at this URL when it answers (package-private: a test points it at a closed port). */
    static Optional<DatabaseServer> localPostgres(String url) {
        String user = Optional.ofNullable(System.getenv("PGUSER")).orElse("postgres");
        ConnectionSettings settings = new ConnectionSettings(url + "?connectTimeout=3", user, System.getenv("PGPASSWORD"));
        try (Connection ignored = settings.dataSource().getConnection()) {
            return Optional.of(new DatabaseServer(settings, "local PostgreSQL"));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static NoDatabaseServerException none(String engine) {
        return new NoDatabaseServerException("No database server for " + engine + " was found. Provide one of:\n"
                + "  1. an explicit server: " + ConnectionSettings.URL_VARIABLE + " (and "
                + ConnectionSettings.USER_VARIABLE + ", " + ConnectionSettings.PASSWORD_VARIABLE
                + ") as environment variables or system properties;\n"
                + "  2. a local PostgreSQL on 127.0.0.1:5432 accepting user postgres"
                + " (e.g. apt-get install postgresql, then pg_ctlcluster 15 main start);\n"
                + "  3. a running Docker engine, for Testcontainers (" + DockerDatabaseServers.whyNoDocker() + ")"
                + (embeddedFailure == null ? "." : ";\n  4. for PostgreSQL, the embedded server, which cannot run here: "
                        + embeddedFailure));
    }
}
