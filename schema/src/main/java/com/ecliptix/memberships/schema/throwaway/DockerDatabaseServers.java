package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.ConnectionSettings;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MSSQLServerContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Database servers in Docker containers, through Testcontainers. One container per engine and JVM,
 * started on first use; Testcontainers removes it when the JVM ends. Testcontainers is an optional
 * dependency: without it on the class path this reports "no Docker" and never loads its classes.
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
        return Probe.dockerAnswers() ? "" : "no Docker engine answers";
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
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                    .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                    .withExposedPorts(5432)
                    // The server restarts once after initdb; ready means the second announcement.
                    .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));
            container.start();
            String url = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/postgres";
            return new DatabaseServer(new ConnectionSettings(url, "postgres", null), "Testcontainers " + POSTGRES_IMAGE);
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
