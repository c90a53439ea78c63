package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.Babelfish;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.RoleLogin;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Runs the command line in this JVM, as {@code java -jar} would, and captures what it prints. */
final class CliRun {

    /** What one run returned and printed. */
    record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private CliRun() {
    }

    /** Runs with an environment of its own (nothing of this process's ECLIPTIX_DB_* leaks in). */
    static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = EcliptixMembershipsCli.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a verb on a throwaway database: its URL and user as options, its password (if any) in the environment. */
    static Result on(ThrowawayDatabase database, String verb, String... more) {
        ConnectionSettings settings = database.settings();
        // The connection options last, so that they reach a verb's own subcommand (config set).
        List<String> args = new ArrayList<>(List.of(verb));
        args.addAll(List.of(more));
        args.addAll(List.of("--url", settings.jdbcUrl()));
        if (settings.user() != null) {
            args.addAll(List.of("--user", settings.user()));
        }
        return run(environment(settings), args.toArray(String[]::new));
    }

    /** Runs a verb on a throwaway database as a login of a role of the schema, its password in the environment. */
    static Result as(RoleLogin login, ThrowawayDatabase database, String verb, String... more) {
        ConnectionSettings settings = login.settings();
        List<String> args = new ArrayList<>(List.of(verb));
        args.addAll(List.of(more));
        args.addAll(List.of("--url", settings.jdbcUrl(), "--user", settings.user()));
        return run(environment(settings), args.toArray(String[]::new));
    }

    static Map<String, String> environment(ConnectionSettings settings) {
        Map<String, String> environment = new HashMap<>();
        if (settings.password() != null) {
            environment.put(ConnectionSettings.PASSWORD_VARIABLE, settings.password());
        }
        return environment;
    }

    /**
     * Skips the calling test when the database is on Babelfish, naming what Flyway asks of SQL Server's
     * catalog that Babelfish cannot answer, and the one-line repro (docs/babelfish.md, Engine gaps).
     */
    static void skipOnBabelfish(ThrowawayDatabase database, String gap, String repro) {
        if (database.engine() == Engine.SQLSERVER && Babelfish.isBehind(database.dataSource())) {
            Assumptions.abort("skipped on Babelfish: " + gap + ". Repro: " + repro);
        }
    }

    /** A server of the engine, or the test is skipped with the reason (SQL Server without Docker or ECLIPTIX_DB_URL). */
    static DatabaseServer server(Engine engine) {
        return DatabaseServers.find(engine).orElseGet(() -> Assumptions.abort(DatabaseServers.unavailableReason(engine)));
    }

    static ThrowawayDatabase database(Engine engine) {
        return ThrowawayDatabase.create(server(engine));
    }

    static long count(ThrowawayDatabase database, String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(ThrowawayDatabase database, String... statements) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Tables of the database outside the system schemas, Flyway's history included. */
    static long userTables(ThrowawayDatabase database) throws SQLException {
        return count(database, switch (database.engine()) {
            case POSTGRESQL -> "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname NOT LIKE 'pg_toast%'";
            case SQLSERVER -> "SELECT count(*) FROM sys.tables";
        });
    }

    /** Rows of Flyway's history, 0 when it has no history table yet. */
    static long historyRows(ThrowawayDatabase database) throws SQLException {
        long tables = count(database, switch (database.engine()) {
            case POSTGRESQL -> "SELECT count(*) FROM pg_tables WHERE schemaname = 'flyway' AND tablename = 'flyway_schema_history'";
            case SQLSERVER -> "SELECT count(*) FROM sys.tables WHERE name = 'flyway_schema_history' AND schema_id = SCHEMA_ID('flyway')";
        });
        return tables == 0 ? 0 : count(database, "SELECT count(*) FROM flyway.flyway_schema_history");
    }
}
