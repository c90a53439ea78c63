package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.ConnectionSettings;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * A login of its own on a throwaway database's server that holds one role of the schema and nothing
 * else, the way an operator maps an application's or an operator's login (docs/operations.md, Roles), for
 * tests of what each role may do: a random name and password per run, dropped on {@link #close()}, and
 * by a shutdown hook when the JVM ends without closing it. The password is never printed; errors name the statement's kind, not its text.
 *
 * <p>PostgreSQL: {@code CREATE ROLE <login> LOGIN PASSWORD '...' IN ROLE <role>} (roles are cluster-wide:
 * the login is dropped by name, the roles of the schema never). SQL Server: {@code CREATE LOGIN} on the
 * server, {@code CREATE USER ... FOR LOGIN} and {@code ALTER ROLE <role> ADD MEMBER} in the database.
 */
public final class RoleLogin implements AutoCloseable {

    /** The application's role: EXECUTE on the dbo routines but the operator's. */
    public static final String APPLICATION_ROLE = "ecliptix_app";
    /** The read-only role: SELECT on the dbo tables without their secret columns. */
    public static final String READ_ONLY_ROLE = "ecliptix_readonly";
    /** The operator's role: EXECUTE on the routines that change the limits, delete data and end every session of a membership. */
    public static final String OPERATOR_ROLE = "ecliptix_operator";

    /** Every test login's name starts with this, then its UTC creation time and a random tag. */
    public static final String NAME_PREFIX = "ecliptix_tmp_login_";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ThrowawayDatabase database;
    private final String role;
    private final String name;
    private final String password;
    private final DropOnExit dropOnExit;

    private RoleLogin(ThrowawayDatabase database, String role, String name, String password) {
        this.database = database;
        this.role = role;
        this.name = name;
        this.password = password;
        this.dropOnExit = DropOnExit.register("login " + name, () -> dropLogin(name));
    }

    /** A new login on the database's server that is a member of {@code role} in that database. */
    public static RoleLogin create(ThrowawayDatabase database, String role) {
        String name = NAME_PREFIX + LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + "_"
                + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        // Upper, lower, digit and symbol: SQL Server's password policy accepts it; hex needs no quoting.
        RoleLogin login = new RoleLogin(database, role, name, "Aa1_" + HexFormat.of().formatHex(secret));
        login.dropAbandoned();
        try {
            login.createIn();
            login.requireIdentity();
        } catch (RuntimeException e) {
            login.close();
            throw e;
        }
        return login;
    }

    public String name() {
        return name;
    }

    public String role() {
        return role;
    }

    /** The database's URL with this login's credentials. */
    public ConnectionSettings settings() {
        return new ConnectionSettings(database.settings().jdbcUrl(), name, password);
    }

    /** A non-pooled data source that connects as this login. */
    public DataSource dataSource() {
        return settings().dataSource();
    }

    private void createIn() {
        switch (database.engine()) {
            case POSTGRESQL -> server("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "' IN ROLE " + role,
                    "CREATE ROLE " + name + " LOGIN ... IN ROLE " + role);
            case SQLSERVER -> {
                server("CREATE LOGIN [" + name + "] WITH PASSWORD = N'" + password + "'", "CREATE LOGIN [" + name + "]");
                inDatabase("CREATE USER [" + name + "] FOR LOGIN [" + name + "]");
                inDatabase("ALTER ROLE " + role + " ADD MEMBER [" + name + "]");
            }
        }
    }

    /** The URL must not carry credentials of its own that would win over this login's. */
    private void requireIdentity() {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
            rs.next();
            String user = rs.getString(1);
            if (!name.equalsIgnoreCase(user)) {
                throw new IllegalStateException("Connecting as login " + name + " gave user " + user
                        + ": the JDBC URL carries credentials of its own; put them in ECLIPTIX_DB_USER/ECLIPTIX_DB_PASSWORD");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + database + " as login " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops the login (its database user goes with the database). Close its connections first. */
    @Override
    public void close() {
        dropOnExit.close();
    }

    private void dropLogin(String login) {
        switch (database.engine()) {
            case POSTGRESQL -> server("DROP ROLE IF EXISTS " + login, null);
            case SQLSERVER -> server("IF SUSER_ID(N'" + login + "') IS NOT NULL DROP LOGIN [" + login + "]", null);
        }
    }

    /**
     * Drops test logins older than {@link ThrowawayDatabase#ABANDONED_AFTER}, left by runs that were killed
     * before their shutdown hook ran. Younger ones may belong to a run in progress and are left alone.
     */
    private void dropAbandoned() {
        String list = switch (database.engine()) {
            case POSTGRESQL -> "SELECT rolname FROM pg_roles WHERE rolname LIKE '" + NAME_PREFIX.replace("_", "\\_") + "%'";
            case SQLSERVER -> "SELECT name FROM sys.server_principals WHERE name LIKE '" + NAME_PREFIX.replace("_", "[_]") + "%'";
        };
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(ThrowawayDatabase.ABANDONED_AFTER);
        List<String> abandoned = new ArrayList<>();
        try (Connection c = database.server().admin().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(list)) {
            while (rs.next()) {
                String other = rs.getString(1);
                if (createdAt(other).isBefore(cutoff)) {
                    abandoned.add(other);
                }
            }
        } catch (SQLException e) {
            return; // Best effort, as for abandoned databases.
        }
        for (String other : abandoned) {
            try {
                dropLogin(other);
            } catch (IllegalStateException stillInUse) {
                // Its run may still hold it (a clock far off); the next run tries again.
            }
        }
    }

    private static LocalDateTime createdAt(String login) {
        try {
            return LocalDateTime.parse(login.substring(NAME_PREFIX.length(), NAME_PREFIX.length() + 15), STAMP);
        } catch (RuntimeException e) {
            return LocalDateTime.MAX; // Not one of ours after all: never abandoned.
        }
    }

    /** Runs a statement on the server (PostgreSQL: any database; SQL Server: master); {@code shown} replaces it in errors. */
    private void server(String sql, String shown) {
        execute(database.server().admin().dataSource(), sql, shown == null ? sql : shown);
    }

    private void inDatabase(String sql) {
        execute(database.dataSource(), sql, sql);
    }

    private void execute(DataSource on, String sql, String shown) {
        try (Connection c = on.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            // The driver's message may quote the statement: with a password in it, only the state is shown.
            boolean secret = !sql.equals(shown);
            throw new IllegalStateException("On " + database + ": " + shown + " failed: "
                    + (secret ? "SQL state " + e.getSQLState() : e.getMessage()), secret ? null : e);
        }
    }

    @Override
    public String toString() {
        return "login " + name + " (" + role + ") on " + database;
    }
}
