package com.ecliptix.memberships.testing;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.internal.ConnectionPools;
import com.ecliptix.memberships.internal.JooqDialect;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.schema.Babelfish;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.RoleLogin;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.impl.AbstractRoutine;
import org.jooq.impl.DSL;

/**
 * A migrated throwaway database for one test class, with the API over it and the few SQL helpers
 * tests need to look behind the API: counting rows and moving time by backdating rows.
 * SQL here uses ANSI quoted identifiers, which both engines accept.
 *
 * <p>Who connects: the API, {@link #dataSource()} and {@link #call} run as a login of this run that holds
 * only {@code ecliptix_app} ({@link RoleLogin}), as a deployed application does; {@link #operatorApi()} and
 * {@link #callAsOperator} as one holding only {@code ecliptix_operator}, as an operator does; the fixtures that look
 * at or backdate rows ({@link #count}, {@link #update}, {@link #backdate}, {@link #dsl()}, ...) run as the
 * owner. A database migrated only to a version before the roles (upgrade tests) is used through its
 * owner, as applications were then, until {@link #migrateToLatest()}.
 */
public final class TestDatabase implements AutoCloseable {

    /** Every dbo table (SystemConfiguration aside, which routines write only through SetConfigValue). */
    public static final List<String> TABLES = List.of("AppDevices", "PhoneNumbers", "PhoneNumberDevices",
            "VerificationFlows", "OtpRecords", "FailedOtpAttempts", "Memberships", "MembershipAttempts", "LoginAttempts",
            "EventLog", "AuthenticationContexts");

    /** Enough for the concurrency tests' threads to contend inside the database, not in the pool. */
    private static final int POOL_SIZE = 24;

    /** The version whose migration creates the roles (V3__roles.sql). */
    private static final MigrationVersion ROLES_VERSION = MigrationVersion.fromVersion("3");
    /** The version whose migration creates the operator's role. */
    private static final MigrationVersion OPERATOR_VERSION = MigrationVersion.fromVersion("6");

    private final ThrowawayDatabase database;
    /** The owner's connections, for fixtures. */
    private final HikariDataSource pool;
    private final DSLContext dsl;
    /** False while the schema is older than the roles. */
    private boolean rolesMigrated;
    /** Made on first use, like the API. */
    private Login application;
    private Login readOnly;
    private Login operator;
    /** Asked once, on first use. */
    private Boolean babelfish;
    /** Made on first use: an upgrade test fills an older schema through the routines before the API may connect. */
    private EcliptixMemberships api;
    private EcliptixMemberships operatorApi;

    TestDatabase(ThrowawayDatabase database, boolean rolesMigrated) {
        this.database = database;
        this.rolesMigrated = rolesMigrated;
        this.pool = newPool("test-" + database.name(), database.settings());
        this.dsl = DSL.using(pool, JooqDialect.of(pool));
    }

    private static HikariDataSource newPool(String name, ConnectionSettings settings) {
        HikariConfig config = ConnectionPools.config(name, settings.jdbcUrl(), settings.user(), settings.password(), POOL_SIZE);
        // Connections are opened as threads need them: a class's three pools stay far below the server's limit.
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /** A login of this run holding only {@code role}, with a pool of its connections. */
    private record Login(RoleLogin login, HikariDataSource pool, DSLContext dsl) implements AutoCloseable {
        static Login of(ThrowawayDatabase database, String role) {
            RoleLogin login = RoleLogin.create(database, role);
            try {
                HikariDataSource pool = newPool("test-" + role + "-" + database.name(), login.settings());
                return new Login(login, pool, DSL.using(pool, JooqDialect.of(pool)));
            } catch (RuntimeException e) {
                login.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                pool.close();
            } finally {
                login.close();
            }
        }
    }

    private synchronized Login application() {
        if (application == null) {
            application = Login.of(database, RoleLogin.APPLICATION_ROLE);
        }
        return application;
    }

    public synchronized EcliptixMemberships api() {
        if (api == null) {
            api = EcliptixMemberships.builder().dataSource(dataSource()).build();
        }
        return api;
    }

    /**
     * A throwaway database of this run's engine migrated only up to {@code version} (its repeatable
     * migrations included, as Flyway applies them at any target), for upgrade tests.
     */
    public static TestDatabase migratedTo(String version) {
        DatabaseServer server = ThrowawayDatabaseExtension.requestedEngine().map(DatabaseServers::locate)
                .orElseGet(DatabaseServers::locate);
        ThrowawayDatabase database = ThrowawayDatabase.create(server);
        try {
            SchemaMigrator.of(database.dataSource(), database.engine()).migrateTo(version);
            return new TestDatabase(database, MigrationVersion.fromVersion(version).compareTo(ROLES_VERSION) >= 0);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * An empty throwaway database on the server that nothing has migrated, used through its owner (the
     * adoption tests build a legacy database in it and adopt it).
     */
    public static TestDatabase empty(DatabaseServer server) {
        ThrowawayDatabase database = ThrowawayDatabase.create(server);
        try {
            return new TestDatabase(database, false);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Applies every pending migration. */
    public synchronized MigrateResult migrateToLatest() {
        MigrateResult result = SchemaMigrator.of(pool, engine()).migrate();
        rolesMigrated = true;
        return result;
    }

    /** The schema version Flyway records as applied. */
    public String schemaVersion() {
        return SchemaMigrator.of(pool, engine()).flyway().info().current().getVersion().getVersion();
    }

    public Engine engine() {
        return database.engine();
    }

    /**
     * Whether this SQL Server database is on Babelfish, whose gaps ({@link EngineGap}) a few tests must know;
     * false on PostgreSQL.
     */
    public synchronized boolean isBabelfish() {
        if (babelfish == null) {
            babelfish = Babelfish.isBehind(pool);
        }
        return babelfish;
    }

    public String name() {
        return database.name();
    }

    /**
     * What an application gets: connections of a login holding only {@code ecliptix_app} (the owner's
     * while the schema is older than the roles).
     */
    public synchronized DataSource dataSource() {
        return rolesMigrated ? application().pool() : pool;
    }

    /** The owner's connections (the migrating user), for looking behind the API. */
    public DataSource ownerDataSource() {
        return pool;
    }

    /**
     * The API over a login holding only {@code ecliptix_operator}, for what the application may not do:
     * changing the configuration, the retention cleanup, ending every session of a membership.
     */
    public synchronized EcliptixMemberships operatorApi() {
        if (operatorApi == null) {
            operatorApi = EcliptixMemberships.builder().dataSource(operatorDataSource()).build();
        }
        return operatorApi;
    }

    /** Connections of a login holding only {@code ecliptix_operator} (from version 6 on). */
    public synchronized DataSource operatorDataSource() {
        if (schemaVersionBefore(OPERATOR_VERSION)) {
            throw new IllegalStateException("the operator role exists from version " + OPERATOR_VERSION + " on");
        }
        if (operator == null) {
            operator = Login.of(database, RoleLogin.OPERATOR_ROLE);
        }
        return operator.pool();
    }

    private boolean schemaVersionBefore(MigrationVersion version) {
        return SchemaMigrator.of(pool, engine()).flyway().info().current().getVersion().compareTo(version) < 0;
    }

    /** Connections of a login holding only {@code ecliptix_readonly}, as an operator's reader has. */
    public synchronized DataSource readOnlyDataSource() {
        if (!rolesMigrated) {
            throw new IllegalStateException("the read-only role exists from version " + ROLES_VERSION + " on");
        }
        if (readOnly == null) {
            readOnly = Login.of(database, RoleLogin.READ_ONLY_ROLE);
        }
        return readOnly.pool();
    }

    /** The login behind {@link #dataSource()} (from the roles' version on). */
    public synchronized RoleLogin applicationLogin() {
        if (!rolesMigrated) {
            throw new IllegalStateException("the application role exists from version " + ROLES_VERSION + " on");
        }
        return application().login();
    }

    /** Calls a generated routine directly, like {@link #call}, as the operator's login. */
    public <R extends AbstractRoutine<?>> R callAsOperator(R routine) {
        RoutineCalls.bindOutputsAsNull(routine);
        DSLContext caller;
        synchronized (this) {
            operatorDataSource();
            caller = operator.dsl();
        }
        routine.execute(caller.configuration());
        return routine;
    }

    /** jOOQ over this database as its owner, for looking at rows directly. */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * Calls a generated routine directly, past the API's own input checks, to test what the routine
     * itself does with bad input; as the application's login, like the API.
     */
    public <R extends AbstractRoutine<?>> R call(R routine) {
        RoutineCalls.bindOutputsAsNull(routine);
        DSLContext caller;
        synchronized (this) {
            caller = rolesMigrated ? application().dsl() : dsl;
        }
        routine.execute(caller.configuration());
        return routine;
    }

    /** Rows in a dbo table. */
    public long count(String table) {
        return count(table, "1 = 1");
    }

    /** Rows in a dbo table matching a condition written with ANSI quoted column names and ? parameters. */
    public long count(String table, String condition, Object... parameters) {
        return queryLong("SELECT count(*) FROM dbo.\"" + table + "\" WHERE " + condition, parameters);
    }

    /** Total rows of every table the routines write, to prove that a call wrote nothing. */
    public long totalRows() {
        long total = 0;
        for (String table : TABLES) {
            total += count(table);
        }
        return total;
    }

    /** How many rows of dbo's tables hold {@code text} in some text column (a search for leaked secrets). */
    public long rowsContaining(String text) {
        List<String[]> columns = new ArrayList<>();
        String catalog = "SELECT c.table_name, c.column_name FROM information_schema.columns c"
                + " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                + " WHERE c.table_schema = 'dbo' AND t.table_type = 'BASE TABLE'"
                + " AND lower(c.data_type) IN ('character varying', 'text', 'nvarchar', 'varchar', 'nchar', 'char', 'ntext')";
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(catalog); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("no text columns found in dbo: the search would prove nothing");
        }
        long rows = 0;
        for (String[] column : columns) {
            rows += count(column[0], "\"" + column[1] + "\" LIKE ?", "%" + text + "%");
        }
        return rows;
    }

    /** Ends a session of the server as an operator would: pg_terminate_backend, KILL (SQL Server, Babelfish). */
    public void endSession(int session) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            if (engine() == Engine.POSTGRESQL) {
                try (ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + session + ")")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new IllegalStateException("pg_terminate_backend(" + session + ") ended nothing");
                    }
                }
            } else {
                s.execute("KILL " + session);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot end session " + session + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String sql, Object... parameters) {
        try (Connection c = pool.getConnection(); PreparedStatement s = prepare(c, sql, parameters);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public String queryString(String sql, Object... parameters) {
        try (Connection c = pool.getConnection(); PreparedStatement s = prepare(c, sql, parameters);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public int update(String sql, Object... parameters) {
        try (Connection c = pool.getConnection(); PreparedStatement s = prepare(c, sql, parameters)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves time: shifts a time column of the matching rows into the past by {@code by}, as if the rows
     * were that much older. Tests never wait out a window.
     */
    public int backdate(String table, String column, Duration by, String condition, Object... parameters) {
        String shifted = switch (engine()) {
            case POSTGRESQL -> "\"" + column + "\" - make_interval(secs => " + by.toMillis() / 1000.0 + ")";
            // DATEADD takes an INT: whole seconds, then the milliseconds left, so a month does not overflow.
            case SQLSERVER -> "DATEADD(SECOND, -" + by.toSeconds() + ", DATEADD(MILLISECOND, -" + by.toMillisPart()
                    + ", \"" + column + "\"))";
        };
        String sql = "UPDATE dbo.\"" + table + "\" SET \"" + column + "\" = " + shifted + " WHERE " + condition;
        // SystemConfiguration's UpdatedAt is set by SetConfigValue, not by a trigger.
        boolean triggerResetsIt = column.equals("UpdatedAt") && !table.equals("SystemConfiguration");
        return triggerResetsIt ? updateWithoutUpdateTrigger(table, sql, parameters) : update(sql, parameters);
    }

    /**
     * Runs an UPDATE with the table's UpdatedAt trigger off, in one transaction: the trigger would otherwise
     * set the backdated UpdatedAt back to now.
     */
    private int updateWithoutUpdateTrigger(String table, String sql, Object... parameters) {
        String trigger = "\"TRG_" + table + "_Update\"";
        String qualifiedTable = "dbo.\"" + table + "\"";
        String off = switch (engine()) {
            case POSTGRESQL -> "ALTER TABLE " + qualifiedTable + " DISABLE TRIGGER " + trigger;
            case SQLSERVER -> "DISABLE TRIGGER dbo." + trigger + " ON " + qualifiedTable;
        };
        String on = switch (engine()) {
            case POSTGRESQL -> "ALTER TABLE " + qualifiedTable + " ENABLE TRIGGER " + trigger;
            case SQLSERVER -> "ENABLE TRIGGER dbo." + trigger + " ON " + qualifiedTable;
        };
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement ddl = c.createStatement(); PreparedStatement s = prepare(c, sql, parameters)) {
                ddl.execute(off);
                int rows = s.executeUpdate();
                ddl.execute(on);
                c.commit();
                return rows;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }

    /** Closes every pool, drops the database, then this run's logins (also when a step before fails). */
    @Override
    public synchronized void close() {
        try {
            if (api != null) {
                api.close();
            }
            if (operatorApi != null) {
                operatorApi.close();
            }
            pool.close();
        } finally {
            try {
                closeLoginPools();
            } finally {
                try {
                    database.close();
                } finally {
                    dropLogins();
                }
            }
        }
    }

    private void closeLoginPools() {
        try {
            if (application != null) {
                application.pool().close();
            }
        } finally {
            try {
                if (readOnly != null) {
                    readOnly.pool().close();
                }
            } finally {
                if (operator != null) {
                    operator.pool().close();
                }
            }
        }
    }

    private void dropLogins() {
        try {
            if (application != null) {
                application.close();
            }
        } finally {
            try {
                if (readOnly != null) {
                    readOnly.close();
                }
            } finally {
                if (operator != null) {
                    operator.close();
                }
            }
        }
    }
}
