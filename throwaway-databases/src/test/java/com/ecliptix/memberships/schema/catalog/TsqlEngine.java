package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * The SQL Server the catalog tests run on, and what they may skip there. On Microsoft SQL Server every
 * catalog question must be answered: a failure fails the test. Another T-SQL engine (reached through
 * {@code ECLIPTIX_DB_URL}) may lack parts of SQL Server's catalog; what it cannot answer is a skip that
 * names the engine and the question, never a pass.
 */
final class TsqlEngine {

    private TsqlEngine() {
    }

    /** A SQL Server, or the test is skipped with the reason none is reachable. */
    static DatabaseServer server() {
        return DatabaseServers.find(Engine.SQLSERVER)
                .orElseGet(() -> Assumptions.abort(DatabaseServers.unavailableReason(Engine.SQLSERVER)));
    }

    /** The first line of {@code @@VERSION}: the product, e.g. "Microsoft SQL Server 2022 (RTM) ...". */
    static String product(ThrowawayDatabase database) {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT @@VERSION")) {
            rs.next();
            return rs.getString(1).strip().lines().findFirst().orElse("");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot ask the server for its version: " + e.getMessage(), e);
        }
    }

    static boolean isMicrosoftSqlServer(String product) {
        return product.startsWith("Microsoft SQL Server");
    }

    /** Fails on Microsoft SQL Server; elsewhere skips, saying what this engine's catalog cannot answer. */
    static RuntimeException unanswered(String product, String question, RuntimeException failure) {
        if (isMicrosoftSqlServer(product)) {
            return failure;
        }
        Assumptions.abort("The T-SQL engine \"" + product + "\" cannot answer " + question + ": "
                + failure.getMessage());
        return failure;
    }

    /**
     * The catalog of a migrated database, or the skip (elsewhere than Microsoft SQL Server) that says why it cannot be
     * read. Elsewhere its {@link Catalog#notCompared} parts are left out of the comparisons; on Microsoft SQL Server
     * there must be none.
     */
    static Catalog catalog(ThrowawayDatabase database) {
        String product = product(database);
        Catalog catalog;
        try {
            catalog = CatalogReader.read(database.dataSource());
        } catch (IllegalStateException e) {
            throw unanswered(product, "the questions of the catalog reader", e);
        }
        if (isMicrosoftSqlServer(product) && !catalog.notCompared().isEmpty()) {
            throw new IllegalStateException("Microsoft SQL Server must answer every catalog question: "
                    + catalog.notCompared().stream().map(NotCompared::render).toList());
        }
        Catalog snapshot = CatalogSnapshot.committed();
        List<String> tables = catalog.tables().stream().map(Table::name).toList();
        List<String> expected = snapshot.tables().stream().map(Table::name).toList();
        if (!tables.equals(expected) && tables.equals(expected.stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().toList())) {
            throw unanswered(product, "names as they were created", new IllegalStateException(
                    "its catalog reports them folded to lower case (" + tables.get(0) + " for " + expected.get(0) + ")"));
        }
        return catalog;
    }
}
