package com.ecliptix.memberships.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Babelfish for PostgreSQL, a T-SQL engine that runs the SQL Server migrations ({@link Engine#SQLSERVER})
 * with a few gaps of its own (docs/babelfish.md). Told apart from Microsoft SQL Server the way the
 * migrations tell it: {@code SERVERPROPERTY('Babelfish')} is 1 there and NULL on SQL Server.
 */
public final class Babelfish {

    private Babelfish() {
    }

    /** Whether the T-SQL server behind the connection is Babelfish; false for PostgreSQL connections. */
    public static boolean isBehind(Connection connection) throws SQLException {
        if (Engine.of(connection) != Engine.SQLSERVER) {
            return false;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CAST(SERVERPROPERTY('Babelfish') AS INT)")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /** Like {@link #isBehind(Connection)}, on a connection of its own. */
    public static boolean isBehind(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return isBehind(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot ask the server whether it is Babelfish: " + e.getMessage(), e);
        }
    }
}
