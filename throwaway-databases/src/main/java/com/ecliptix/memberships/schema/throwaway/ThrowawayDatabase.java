package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.Babelfish;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A fresh, empty database of its own for one build or test run, dropped on {@link #close()}, and by a
 * shutdown hook when the JVM ends without closing it (a failed or interrupted run).
 *
 * <pre>{@code
 * try (ThrowawayDatabase db = ThrowawayDatabase.create().migrate()) {
 *     DataSource ds = db.dataSource();
 *     ...
 * }
 * }</pre>
 */
public final class ThrowawayDatabase implements AutoCloseable {

    /** Every throwaway database's name starts with this, then its UTC creation time and a random tag. */
    public static final String NAME_PREFIX = "ecliptix_tmp_";

    /** After this long a throwaway database is taken to be abandoned by a killed run. */
    public static final Duration ABANDONED_AFTER = Duration.ofHours(24);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a drop waits for the sessions it ended to leave the database. */
    private static final Duration SESSIONS_END_WITHIN = Duration.ofSeconds(30);

    private final DatabaseServer server;
    private final String name;
    private final ConnectionSettings settings;
    private DropOnExit dropOnExit;

    private ThrowawayDatabase(DatabaseServer server, String name) {
        this.server = server;
        this.name = name;
        this.settings = server.database(name);
    }

    /** A throwaway database on the first server {@link DatabaseServers#locate()} finds. */
    public static ThrowawayDatabase create() {
        return create(DatabaseServers.locate());
    }

    /** A throwaway database of one engine, on the first server of it that {@link DatabaseServers} finds. */
    public static ThrowawayDatabase create(Engine engine) {
        return create(DatabaseServers.locate(engine));
    }

    /** A throwaway database on the given server. */
    public static ThrowawayDatabase create(DatabaseServer server) {
        String name = NAME_PREFIX + LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + "_"
                + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        ThrowawayDatabase database = new ThrowawayDatabase(server, name);
        database.dropAbandoned();
        database.execute(switch (server.engine()) {
            case POSTGRESQL -> "CREATE DATABASE " + name;
            case SQLSERVER -> "CREATE DATABASE [" + name + "]";
        });
        database.dropOnExit = DropOnExit.register(name, database::drop);
        return database;
    }

    /** Applies the schema's migrations for this database's engine. */
    public ThrowawayDatabase migrate() {
        SchemaMigrator.of(dataSource(), engine()).migrate();
        return this;
    }

    public String name() {
        return name;
    }

    public Engine engine() {
        return server.engine();
    }

    public DatabaseServer server() {
        return server;
    }

    /** URL and credentials of this database. */
    public ConnectionSettings settings() {
        return settings;
    }

    /** A non-pooled data source for this database. */
    public DataSource dataSource() {
        return settings.dataSource();
    }

    /** Drops the database, closing any connection still open to it. */
    @Override
    public void close() {
        dropOnExit.close();
    }

    private void drop() {
        switch (engine()) {
            case POSTGRESQL -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            case SQLSERVER -> {
                String drop = "IF DB_ID(N'" + name + "') IS NOT NULL DROP DATABASE [" + name + "]";
                try {
                    execute(drop);
                } catch (IllegalStateException inUse) {
                    // A connection is still open (a run that did not close its pool, or, on Babelfish, one
                    // closed an instant ago whose server process has not yet ended): end it and try again.
                    if (Babelfish.isBehind(server.admin().dataSource())) {
                        dropEndingSessions(drop);
                    } else {
                        execute("ALTER DATABASE [" + name + "] SET SINGLE_USER WITH ROLLBACK IMMEDIATE");
                        execute(drop);
                    }
                }
            }
        }
    }

    /**
     * Babelfish has no ALTER DATABASE: the sessions still in the database are ended one by one (KILL), and
     * the drop is tried again until they are gone, for at most {@link #SESSIONS_END_WITHIN}.
     */
    private void dropEndingSessions(String drop) {
        String sessions = "SELECT session_id FROM sys.dm_exec_sessions WHERE database_id = DB_ID(N'" + name + "')"
                + " AND session_id <> @@SPID";
        long deadline = System.nanoTime() + SESSIONS_END_WITHIN.toNanos();
        while (true) {
            try (Connection connection = server.admin().dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                List<Integer> open = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery(sessions)) {
                    while (rs.next()) {
                        open.add(rs.getInt(1));
                    }
                }
                for (int session : open) {
                    try {
                        statement.execute("KILL " + session);
                    } catch (SQLException alreadyGone) {
                        // It ended between the list and the KILL.
                    }
                }
                statement.execute(drop);
                return;
            } catch (SQLException stillInUse) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("On " + server + ": " + drop + " failed: " + stillInUse.getMessage(), stillInUse);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while dropping " + name, e);
            }
        }
    }

    /**
     * Drops throwaway databases of this server that are older than {@link #ABANDONED_AFTER}: left behind
     * by runs that were killed before their shutdown hook could run. Younger ones may belong to a run
     * in progress and are left alone.
     */
    private void dropAbandoned() {
        String list = switch (engine()) {
            case POSTGRESQL -> "SELECT datname FROM pg_database WHERE datname LIKE '" + NAME_PREFIX + "%'";
            case SQLSERVER -> "SELECT name FROM sys.databases WHERE name LIKE '" + NAME_PREFIX.replace("_", "[_]") + "%'";
        };
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(ABANDONED_AFTER);
        List<String> abandoned = new ArrayList<>();
        try (Connection connection = server.admin().dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(list)) {
            while (rs.next()) {
                String other = rs.getString(1);
                createdAt(other).filter(created -> created.isBefore(cutoff)).ifPresent(created -> abandoned.add(other));
            }
        } catch (SQLException e) {
            return; // Best effort: a server that will not list its databases still gets a fresh one.
        }
        abandoned.forEach(other -> new ThrowawayDatabase(server, other).drop());
    }

    private static Optional<LocalDateTime> createdAt(String name) {
        try {
            return Optional.of(LocalDateTime.parse(name.substring(NAME_PREFIX.length(), NAME_PREFIX.length() + 15), STAMP));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void execute(String sql) {
        try (Connection connection = server.admin().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("On " + server + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name + " on " + server;
    }
}
