package com.ecliptix.memberships.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The two database engines that implement the EcliptixMemberships contract. */
public enum Engine {
    POSTGRESQL("postgresql", "jdbc:postgresql:"),
    SQLSERVER("sqlserver", "jdbc:sqlserver:");

    private final String folder;
    private final String urlPrefix;

    Engine(String folder, String urlPrefix) {
        this.folder = folder;
        this.urlPrefix = urlPrefix;
    }

    /** The Flyway location of this engine's migrations. */
    public String migrationLocation() {
        return "classpath:db/migration/" + folder;
    }

    /** The folder name under {@code db/migration}. */
    public String folder() {
        return folder;
    }

    /** The engine a JDBC URL points at. */
    public static Engine ofUrl(String jdbcUrl) {
        for (Engine engine : values()) {
            if (jdbcUrl != null && jdbcUrl.startsWith(engine.urlPrefix)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("Not a PostgreSQL or SQL Server JDBC URL: " + jdbcUrl);
    }

    /** The engine behind a connection, from the product name its driver reports. */
    public static Engine of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("sql server")) {
            return SQLSERVER;
        }
        throw new IllegalArgumentException("Unsupported database product: " + product);
    }

    /** The engine behind a data source (opens and closes one connection). */
    public static Engine of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to find out the database engine", e);
        }
    }
}
