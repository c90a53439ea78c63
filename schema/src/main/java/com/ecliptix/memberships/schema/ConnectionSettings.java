package com.ecliptix.memberships.schema;

import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import com.microsoft.sqlserver.jdbc.SQLServerDataSource;

/**
 * A JDBC URL with its credentials. Credentials come from the environment
 * ({@code ECLIPTIX_DB_URL}, {@code ECLIPTIX_DB_USER}, {@code ECLIPTIX_DB_PASSWORD}) or from
 * system properties of the same names, never from the repository.
 */
public record ConnectionSettings(String jdbcUrl, String user, String password) {

    public static final String URL_VARIABLE = "ECLIPTIX_DB_URL";
    public static final String USER_VARIABLE = "ECLIPTIX_DB_USER";
    public static final String PASSWORD_VARIABLE = "ECLIPTIX_DB_PASSWORD";

    /** The local PostgreSQL's maintenance database, where builds, tests and the main job look first. */
    public static final String LOCAL_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    /**
     * Another port for the local PostgreSQL than 5432 (environment or system property): where builds, tests
     * and the main job look before they start the embedded server; a port where nothing answers makes them
     * use the embedded server.
     */
    public static final String LOCAL_PORT_VARIABLE = "ECLIPTIX_LOCAL_PG_PORT";

    public ConnectionSettings {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("A JDBC URL is required");
        }
    }

    /** The explicitly configured server, if {@code ECLIPTIX_DB_URL} is set (system property first). */
    public static Optional<ConnectionSettings> fromEnvironment() {
        return setting(URL_VARIABLE).map(url -> new ConnectionSettings(
                url, setting(USER_VARIABLE).orElse(null), setting(PASSWORD_VARIABLE).orElse(null)));
    }

    /** The local PostgreSQL's maintenance database: 127.0.0.1, port {@value #LOCAL_PORT_VARIABLE} or 5432. */
    public static String localPostgresUrl() {
        return localPostgresUrl(setting(LOCAL_PORT_VARIABLE).orElse(null));
    }

    /** The same for a port given as text (null: 5432); anything but a port number is refused. */
    public static String localPostgresUrl(String port) {
        if (port == null) {
            return LOCAL_POSTGRES_URL;
        }
        if (!port.strip().matches("\\d{1,5}")) {
            throw new IllegalArgumentException(LOCAL_PORT_VARIABLE + " must be a port number, not " + port);
        }
        return "jdbc:postgresql://127.0.0.1:" + port.strip() + "/postgres";
    }

    private static Optional<String> setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    public Engine engine() {
        return Engine.ofUrl(jdbcUrl);
    }

    /** A non-pooled data source of the engine's own driver. */
    public DataSource dataSource() {
        return switch (engine()) {
            case POSTGRESQL -> {
                PGSimpleDataSource ds = new PGSimpleDataSource();
                configure(ds::setURL, ds::setUser, ds::setPassword);
                yield ds;
            }
            case SQLSERVER -> {
                SQLServerDataSource ds = new SQLServerDataSource();
                configure(ds::setURL, ds::setUser, ds::setPassword);
                yield ds;
            }
        };
    }

    private void configure(Consumer<String> url, Consumer<String> user, Consumer<String> password) {
        url.accept(jdbcUrl);
        if (this.user != null) {
            user.accept(this.user);
        }
        if (this.password != null) {
            password.accept(this.password);
        }
    }

    /** The same server and credentials, pointed at another database. */
    public ConnectionSettings withDatabase(String database) {
        return new ConnectionSettings(JdbcUrls.withDatabase(jdbcUrl, database), user, password);
    }

    /** The URL without credentials that may be embedded in it, for messages and reports. */
    public String redactedUrl() {
        return JdbcUrls.redact(jdbcUrl);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + redactedUrl() + ", user=" + user + "]";
    }
}
