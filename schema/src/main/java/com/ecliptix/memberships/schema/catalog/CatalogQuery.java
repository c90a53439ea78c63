package com.ecliptix.memberships.schema.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Runs the readers' catalog queries, each with the schema name as its only parameter. */
final class CatalogQuery {

    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private CatalogQuery() {
    }

    static void run(Connection connection, String sql, RowHandler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, Catalog.SCHEMA);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }
}
