package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.ConnectionSettings;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MSSQLServerContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Database servers in Docker containers, Testcontainers' own {@link PostgreSQLContainer} and
 * {@link MSSQLServerContainer}. One container per engine and JVM, started on first use; Testcontainers
 * removes it when the JVM ends. Testcontainers is asked only after {@link DockerEngine} found an engine
 * that answers (without one it logs an ERROR while it looks), and only when it is on the class path.
 */
final class DockerDatabaseServers {

    static final String POSTGRES_IMAGE = "postgres:15-alpine";
    static final String SQLSERVER_IMAGE = "mcr.microsoft.com/mssql/server:2022-latest";

    private static DatabaseServer postgres;
    private static DatabaseServer sqlServer;

    private DockerDatabaseServers() {
    }

    /** A token that says Docker answered, so callers can chain on it. */
    static Optional<DockerDatabaseServers> ifDockerAnswers() {
        return whyNoDocker().isEmpty() ? Optional.of(new DockerDatabaseServers()) : Optional.empty();
    }

    /** Empty when a Docker engine answers, else the reason it cannot be used. */
    static String whyNoDocker() {
        if (!testcontainersPresent()) {
            return "Testcontainers is not on the class path";
        }
        Optional<String> noEngine = DockerEngine.whyNoneAnswers();
        if (noEngine.isPresent()) {
            return noEngine.get();
        }
        return Probe.dockerAnswers() ? "" : "a Docker socket answers but Testcontainers cannot use it";
    }

    synchronized DatabaseServer postgres() {
        if (postgres == null) {
            postgres = Containers.startPostgres();
        }
        return postgres;
    }

    synchronized DatabaseServer sqlServer() {
        if (sqlServer == null) {
            sqlServer = Containers.startSqlServer();
        }
        return sqlServer;
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, DockerDatabaseServers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Kept apart so that DockerClientFactory is loaded only when Testcontainers is present. */
    private static final class Probe {
        private static Boolean answers;

        static synchronized boolean dockerAnswers() {
            if (answers == null) {
                try {
                    answers = DockerClientFactory.instance().isDockerAvailable();
                } catch (RuntimeException | LinkageError e) {
                    answers = false;
                }
            }
            return answers;
        }
    }

    /** Kept apart, like {@link Probe}, so that Testcontainers classes load only when they are present. */
    private static final class Containers {

        static DatabaseServer startPostgres() {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES_IMAGE));
            container.start();
            return new DatabaseServer(
                    new ConnectionSettings(container.getJdbcUrl(), container.getUsername(), container.getPassword()),
                    "Testcontainers " + POSTGRES_IMAGE);
        }

        static DatabaseServer startSqlServer() {
            MSSQLServerContainer<?> container = new MSSQLServerContainer<>(DockerImageName.parse(SQLSERVER_IMAGE))
                    // The image's EULA has to be accepted explicitly; this project does so here.
                    .acceptLicense();
            container.start();
            return new DatabaseServer(
                    new ConnectionSettings(container.getJdbcUrl(), container.getUsername(), container.getPassword()),
                    "Testcontainers " + SQLSERVER_IMAGE);
        }
    }
}
