package com.ecliptix.memberships.roles;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the role tests iterate over, read from the catalog as the owner (so that a new table, column or
 * routine is covered without touching the tests), and how they try a statement as another login.
 */
final class SchemaObjects {

    /** The columns no role but the owner may read: "Table.Column". */
    static final List<String> SECRET_COLUMNS = List.of("AuthenticationContexts.ContextTokenHash", "Memberships.SecureKey",
            "OtpRecords.OtpHash", "OtpRecords.OtpSalt");

    /** The dbo routines only ecliptix_operator may run (V6): they change the limits or delete data. */
    static final List<String> OPERATOR_ROUTINES = List.of("CleanupExpiredData", "EndAllAuthenticationContexts", "SetConfigValue");
    /** The dbo routines both ecliptix_app and ecliptix_operator may run: reads of the configuration. */
    static final List<String> SHARED_ROUTINES = List.of("GetConfigValue", "GetLimit");

    /** T-SQL names are case-insensitive, and Babelfish's sys.objects gives them folded to lower case. */
    static boolean isOperatorRoutine(String name) {
        return OPERATOR_ROUTINES.stream().anyMatch(name::equalsIgnoreCase);
    }

    static boolean isSharedRoutine(String name) {
        return SHARED_ROUTINES.stream().anyMatch(name::equalsIgnoreCase);
    }

    enum Kind { PROCEDURE, SCALAR_FUNCTION, TABLE_FUNCTION }

    /** Babelfish's number for the PostgreSQL errors it maps to no SQL Server number. */
    private static final int BABELFISH_UNMAPPED_ERROR = 33557097;

    /**
     * A routine and a statement that calls it with every argument NULL.
     *
     * @param signature how the catalog names it (PostgreSQL: with its argument types), for messages and
     *                  privilege functions
     */
    record Routine(String schema, String name, Kind kind, String signature, String call) {
        @Override
        public String toString() {
            return signature;
        }
    }

    private SchemaObjects() {
    }

    /** The dbo tables, by name. */
    static List<String> tables(TestDatabase db) {
        List<String> tables = strings(db, switch (db.engine()) {
            case POSTGRESQL -> "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'dbo' AND c.relkind IN ('r', 'p') ORDER BY 1";
            // The information schema, not sys.tables: Babelfish's sys.tables folds names to lower case.
            case SQLSERVER -> "SELECT table_name FROM information_schema.tables WHERE table_schema = 'dbo'"
                    + " AND table_type = 'BASE TABLE' ORDER BY 1";
        });
        assertTrue(tables.size() >= 12, "dbo tables: " + tables);
        return tables;
    }

    /** Every dbo table with its columns in order. */
    static Map<String, List<String>> columns(TestDatabase db) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (String table : tables(db)) {
            columns.put(table, new ArrayList<>());
        }
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = 'dbo' ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                List<String> of = columns.get(rs.getString(1));
                if (of != null) {
                    of.add(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return columns;
    }

    /** The routines of a schema ({@code dbo} or {@code ecliptix_internal}), triggers' functions included. */
    static List<Routine> routines(TestDatabase db, String schema) {
        List<Routine> routines = new ArrayList<>();
        try (Connection c = db.ownerDataSource().getConnection()) {
            switch (db.engine()) {
                case POSTGRESQL -> {
                    String sql = "SELECT p.proname, p.prokind, p.proretset, p.oid::regprocedure::text,"
                            + " COALESCE((SELECT string_agg('NULL::' || format_type(a.t, NULL), ', ' ORDER BY a.o)"
                            + "           FROM unnest(p.proargtypes) WITH ORDINALITY AS a(t, o)), '')"
                            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                            + " WHERE n.nspname = ? AND p.prokind IN ('f', 'p') ORDER BY 1";
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        s.setString(1, schema);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                String target = schema + ".\"" + rs.getString(1) + "\"(" + rs.getString(5) + ")";
                                Kind kind = rs.getString(2).equals("p") ? Kind.PROCEDURE
                                        : rs.getBoolean(3) ? Kind.TABLE_FUNCTION : Kind.SCALAR_FUNCTION;
                                routines.add(new Routine(schema, rs.getString(1), kind, rs.getString(4), switch (kind) {
                                    case PROCEDURE -> "CALL " + target;
                                    case TABLE_FUNCTION -> "SELECT * FROM " + target;
                                    case SCALAR_FUNCTION -> "SELECT " + target;
                                }));
                            }
                        }
                    }
                }
                case SQLSERVER -> {
                    // Table-valued by OBJECTPROPERTY, not by type: Babelfish reports its table-valued functions as FN.
                    String sql = "SELECT o.name, CASE WHEN o.type = 'P' THEN 'P'"
                            + " WHEN OBJECTPROPERTY(o.object_id, 'IsTableFunction') = 1 THEN 'TF' ELSE 'FN' END, o.object_id"
                            + " FROM sys.objects o WHERE o.schema_id = SCHEMA_ID(?) AND o.type IN ('P', 'FN', 'IF', 'TF') ORDER BY o.name";
                    List<Object[]> found = new ArrayList<>();
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        s.setString(1, schema);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                found.add(new Object[] {rs.getString(1), rs.getString(2).strip(), rs.getInt(3)});
                            }
                        }
                    }
                    for (Object[] row : found) {
                        List<String> parameters = new ArrayList<>();
                        // sys.all_parameters: Babelfish has no sys.parameters.
                        try (PreparedStatement s = c.prepareStatement("SELECT name FROM sys.all_parameters"
                                + " WHERE object_id = ? AND parameter_id > 0 ORDER BY parameter_id")) {
                            s.setInt(1, (Integer) row[2]);
                            try (ResultSet rs = s.executeQuery()) {
                                while (rs.next()) {
                                    parameters.add(rs.getString(1));
                                }
                            }
                        }
                        String name = (String) row[0];
                        String qualified = schema + "." + name;
                        String nulls = String.join(", ", parameters.stream().map(p -> "NULL").toList());
                        Kind kind = switch ((String) row[1]) {
                            case "P" -> Kind.PROCEDURE;
                            case "FN" -> Kind.SCALAR_FUNCTION;
                            default -> Kind.TABLE_FUNCTION;
                        };
                        routines.add(new Routine(schema, name, kind, qualified, switch (kind) {
                            case PROCEDURE -> "EXEC " + qualified + " " + String.join(", ",
                                    parameters.stream().map(p -> p + " = NULL").toList());
                            case TABLE_FUNCTION -> "SELECT * FROM " + qualified + "(" + nulls + ")";
                            case SCALAR_FUNCTION -> "SELECT " + qualified + "(" + nulls + ")";
                        }));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return routines;
    }

    /** Runs a statement as the given connections' login; the failure, or null when it ran. */
    static SQLException failureOf(DataSource as, String sql) {
        try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** Fails unless the statement is refused for want of a privilege (not for any other reason). */
    static void assertDenied(Engine engine, DataSource as, String sql) {
        SQLException e = failureOf(as, sql);
        if (e == null) {
            fail("allowed, but must be refused: " + sql);
        }
        if (!isPermissionDenied(engine, e)) {
            fail("refused for another reason than a missing privilege: " + sql + ": SQL state " + e.getSQLState()
                    + ", error " + e.getErrorCode() + ": " + e.getMessage());
        }
    }

    static boolean isPermissionDenied(Engine engine, SQLException e) {
        return switch (engine) {
            case POSTGRESQL -> "42501".equals(e.getSQLState()); // insufficient_privilege
            // Object, column permission denied; Babelfish reports PostgreSQL's insufficient_privilege text under
            // its catch-all number instead.
            case SQLSERVER -> e.getErrorCode() == 229 || e.getErrorCode() == 230
                    || (e.getErrorCode() == BABELFISH_UNMAPPED_ERROR && String.valueOf(e.getMessage()).startsWith("permission denied for "));
        };
    }

    /** Total rows of every dbo table, as the owner counts them. */
    static long allRows(TestDatabase db) {
        long rows = 0;
        for (String table : tables(db)) {
            rows += db.count(table);
        }
        return rows;
    }

    private static List<String> strings(TestDatabase db, String sql) {
        List<String> values = new ArrayList<>();
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return values;
    }

    /** A value of one row as the given connections' login sees it. */
    static String queryAs(DataSource as, String sql, Object... parameters) {
        try (Connection c = as.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every value of the first column, as the given connections' login sees them. */
    static List<String> listAs(DataSource as, String sql, Object... parameters) {
        List<String> values = new ArrayList<>();
        try (Connection c = as.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return values;
    }

    /** Statements that would add, change and delete rows of a table, for trying them as a login. */
    static List<String> writes(String table, List<String> columns) {
        String quoted = "dbo.\"" + table + "\"";
        // Not the identity column: updating it is refused before any privilege is checked.
        String column = columns.stream().filter(c -> !c.equals("Id")).findFirst().orElseThrow();
        return List.of(
                "INSERT INTO " + quoted + " DEFAULT VALUES",
                "UPDATE " + quoted + " SET \"" + column + "\" = \"" + column + "\"",
                "DELETE FROM " + quoted);
    }
}
