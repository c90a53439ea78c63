package com.ecliptix.memberships.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.jooq.SQLDialect;

/**
 * The jOOQ dialect for the engine behind a data source. PostgreSQL gets its own dialect. SQL Server gets
 * {@link SQLDialect#DEFAULT}, because jOOQ's open-source edition has no SQL Server dialect; the generated
 * routine classes still execute there through JDBC's call escape.
 */
public final class Engines {

    private Engines() {
    }

    public static SQLDialect dialectOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return SQLDialect.POSTGRES;
            }
            if (product.contains("sql server")) {
                return SQLDialect.DEFAULT;
            }
            throw new IllegalArgumentException("Unsupported database: " + product + " (PostgreSQL or SQL Server expected)");
        } catch (SQLException e) {
            throw new com.ecliptix.memberships.RoutineCallException("connect", e.getMessage(), e);
        }
    }
}
