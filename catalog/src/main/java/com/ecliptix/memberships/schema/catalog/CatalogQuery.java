package com.ecliptix.memberships.schema.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the readers' catalog queries, each with the schema name as its only parameter. */
final class CatalogQuery {

    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    interface RowValue<T> {
        T of(ResultSet rs) throws SQLException;
    }

    private CatalogQuery() {
    }

    private static final Pattern FIRST_SOURCE = Pattern.compile("(?i)\\bFROM\\s+(\\S+)");

    /** Runs one query; a failure names the catalog view it reads, so a report says which question went unanswered. */
    static void run(Connection connection, String sql, RowHandler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, Catalog.SCHEMA);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new SQLException("reading " + source(sql) + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** The catalog view a query reads first, e.g. {@code sys.check_constraints}. */
    static String source(String sql) {
        Matcher source = FIRST_SOURCE.matcher(sql);
        return source.find() ? source.group(1) : "the catalog";
    }

    /** Runs a query of several rows an object (a key's columns, say): each key's values in row order, keys as they come. */
    static <K, V> Map<K, List<V>> grouped(Connection connection, String sql, RowValue<K> key, RowValue<V> value)
            throws SQLException {
        Map<K, List<V>> groups = new LinkedHashMap<>();
        run(connection, sql, rs -> groups.computeIfAbsent(key.of(rs), k -> new ArrayList<>()).add(value.of(rs)));
        return groups;
    }
}
