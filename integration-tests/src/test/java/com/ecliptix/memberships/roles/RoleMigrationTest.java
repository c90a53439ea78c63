package com.ecliptix.memberships.roles;

import static com.ecliptix.memberships.roles.SchemaObjects.listAs;
import static com.ecliptix.memberships.roles.SchemaObjects.queryAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.schema.Babelfish;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.ObjectKind;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.schema.throwaway.RoleLogin;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.testing.ThrowawayDatabaseExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The migrations create and grant the roles whatever state they find: a fresh server, roles that other
 * databases already use (PostgreSQL roles are cluster-wide), two databases migrating at once, an upgrade
 * from version 2, and repeatable migrations that re-create their routines.
 */
@DatabaseTest
class RoleMigrationTest {

    private static final Path MIGRATIONS = Path.of("..", "schema", "src", "main", "resources", "db", "migration");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void twoDatabasesMigratingAtOnceOnOneServerBothSucceed(TestDatabase db) throws Exception {
        DatabaseServer server = server();
        try (ThrowawayDatabase first = ThrowawayDatabase.create(server); ThrowawayDatabase second = ThrowawayDatabase.create(server)) {
            List<ThrowawayDatabase> both = List.of(first, second);

            List<Integer> applied = Concurrently.run(2,
                    i -> SchemaMigrator.of(both.get(i).dataSource(), both.get(i).engine()).migrate().migrationsExecuted);

            assertEquals(applied.get(0), applied.get(1), "both applied every migration");
            assertTrue(applied.get(0) >= 10, "migrations applied: " + applied);
            for (ThrowawayDatabase database : both) {
                assertEquals(List.of(), missingPrivileges(database), database.name());
            }
            if (db.engine() == Engine.POSTGRESQL) {
                assertEquals(List.of("ecliptix_app false", "ecliptix_operator false", "ecliptix_readonly false"), listAs(first.dataSource(),
                        "SELECT rolname || ' ' || rolcanlogin FROM pg_roles WHERE rolname IN ('ecliptix_app', 'ecliptix_readonly', 'ecliptix_operator')"
                                + " ORDER BY 1"), "one role of each, NOLOGIN");
            }
        }
    }

    /**
     * The race itself, made certain: one database creates a missing role and holds its transaction open, the
     * other's CREATE ROLE then waits for it. Fresh role names, so that no role another database uses is touched.
     */
    @Test
    void aMissingRoleIsCreatedOnceWhenTwoDatabasesRaceForIt(TestDatabase db) throws Exception {
        Assumptions.assumeTrue(db.engine() == Engine.POSTGRESQL,
                "skipped: SQL Server roles belong to one database, so two databases never race for one");
        try (ThrowawayDatabase other = ThrowawayDatabase.create(server()).migrate()) {
            // The first creator commits: the waiting one takes its role.
            race(db.ownerDataSource(), other.dataSource(), true);
            // The first creator rolls back (its migration failed): the waiting one creates the role.
            race(db.ownerDataSource(), other.dataSource(), false);
        }
    }

    private static void race(DataSource first, DataSource second, boolean firstCommits) throws Exception {
        String role = "ecliptix_tmp_role_" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection a = first.getConnection(); Connection b = second.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            assertTrue(createRoleIfMissing(a, role), "the first creates the role");
            String waiting = queryOn(b, "SELECT pg_backend_pid()::text");

            Future<Boolean> secondCreates = thread.submit(() -> createRoleIfMissing(b, role));
            awaitLockWait(first, waiting, secondCreates);
            if (firstCommits) {
                a.commit();
            } else {
                a.rollback();
            }
            boolean created = secondCreates.get(30, TimeUnit.SECONDS);
            b.commit();

            assertEquals(!firstCommits, created, firstCommits ? "the second takes the committed role" : "the second creates it");
            assertEquals("1", queryAs(first, "SELECT count(*) FROM pg_roles WHERE rolname = ?", role), "one role " + role);
        } finally {
            thread.shutdownNow();
            try (Connection c = first.getConnection()) {
                c.createStatement().execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    private static boolean createRoleIfMissing(Connection c, String role) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT ecliptix_internal.create_role_if_missing(?)")) {
            s.setString(1, role);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Until the backend waits for a lock (the other's uncommitted role), not for a fixed time. */
    private static void awaitLockWait(DataSource observer, String pid, Future<?> call) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (call.isDone()) {
                call.get();
                fail("the second CREATE ROLE did not wait for the first's uncommitted role");
            }
            if ("Lock".equals(queryAs(observer, "SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?::int", pid))) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the second creation never waited for a lock");
    }

    @Test
    void anUpgradeFromVersion2GrantsTheRoutinesThatExistAlready(TestDatabase latest) {
        try (TestDatabase old = TestDatabase.migratedTo("2")) {
            assertFalse(missingPrivileges(old.engine(), old.ownerDataSource()).isEmpty(), "version 2 knows no roles yet");

            MigrateResult upgrade = old.migrateToLatest();

            assertEquals(List.of(), upgrade.migrations.stream().filter(m -> m.version == null || m.version.isEmpty())
                    .map(m -> m.filepath).toList(), "no repeatable migration changed, so none ran again: V3 granted alone");
            assertTrue(upgrade.migrationsExecuted >= 1, "V3 ran");
            assertEquals(List.of(), missingPrivileges(old));
            assertEquals(Optional.of(EcliptixMemberships.SCHEMA_VERSION), old.api().configuration().value("Schema.Version"),
                    "the application's login works on the upgraded database");
        }
    }

    @Test
    void repeatableMigrationsAppliedAgainKeepThePrivileges(TestDatabase db) throws IOException {
        Path copy = Files.createTempDirectory("ecliptix-migrations-");
        int repeatables = 0;
        try (Stream<Path> files = Files.list(MIGRATIONS.resolve(db.engine().folder()))) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(file.getFileName().toString());
                Files.copy(file, target);
                if (file.getFileName().toString().startsWith("R__")) {
                    // A changed checksum: Flyway applies the file again, dropping and re-creating its routines.
                    Files.writeString(target, "\n-- applied again by " + getClass().getSimpleName() + "\n",
                            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    repeatables++;
                }
            }
        }
        try {
            MigrateResult again = Flyway.configure()
                    .dataSource(db.ownerDataSource())
                    .locations("filesystem:" + copy.toAbsolutePath())
                    .defaultSchema(SchemaMigrator.HISTORY_SCHEMA)
                    .load()
                    .migrate();

            assertEquals(repeatables, again.migrationsExecuted, "every repeatable migration ran again");
            assertTrue(repeatables >= 7, "repeatable migrations: " + repeatables);
            assertEquals(List.of(), missingPrivileges(db));
            assertEquals(Optional.empty(), db.api().verification().flowState(UUID.randomUUID()),
                    "the application still reads a table-valued function");
        } finally {
            try (Stream<Path> files = Files.list(copy)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(copy);
        }
    }

    /** {@link #missingPrivileges(Engine, DataSource)} of a test's database, asked of its logins on Babelfish. */
    static List<String> missingPrivileges(TestDatabase db) {
        return db.isBabelfish()
                ? babelfishMissingPrivileges(db.ownerDataSource(), db.dataSource(), db.readOnlyDataSource())
                : missingPrivileges(db.engine(), db.ownerDataSource());
    }

    /** {@link #missingPrivileges(Engine, DataSource)} of a migrated database, asked of logins of its own on Babelfish. */
    static List<String> missingPrivileges(ThrowawayDatabase database) {
        if (!Babelfish.isBehind(database.dataSource())) {
            return missingPrivileges(database.engine(), database.dataSource());
        }
        try (RoleLogin application = RoleLogin.create(database, RoleLogin.APPLICATION_ROLE);
                RoleLogin reader = RoleLogin.create(database, RoleLogin.READ_ONLY_ROLE)) {
            return babelfishMissingPrivileges(database.dataSource(), application.dataSource(), reader.dataSource());
        }
    }

    /**
     * What the catalog shows missing or too much: a dbo routine ecliptix_app may not run but should, an
     * operator's routine it may run, an operator's routine ecliptix_operator may not run, an application's
     * routine the operator may run, one PUBLIC may run, a helper any role may run, or the wrong number of
     * routines. Empty when the privileges are as the contract and V6 say.
     */
    static List<String> missingPrivileges(Engine engine, DataSource owner) {
        int expected = ObjectKind.PROCEDURES.expected().getAsInt() + ObjectKind.FUNCTIONS.expected().getAsInt();
        String roles = switch (engine) {
            case POSTGRESQL -> queryAs(owner, "SELECT count(*) FROM pg_roles WHERE rolname IN ('ecliptix_app', 'ecliptix_readonly', 'ecliptix_operator')");
            case SQLSERVER -> queryAs(owner, "SELECT count(*) FROM sys.database_principals WHERE type = 'R'"
                    + " AND name IN ('ecliptix_app', 'ecliptix_readonly', 'ecliptix_operator')");
        };
        if (!"3".equals(roles)) {
            return List.of("the roles do not exist (" + roles + " of 3)");
        }
        // One row per routine of dbo and ecliptix_internal: schema, name, and who may run it (app, operator, public).
        String sql = switch (engine) {
            case POSTGRESQL -> "SELECT n.nspname, p.proname,"
                    + " has_function_privilege('ecliptix_app', p.oid, 'EXECUTE')::text,"
                    + " has_function_privilege('ecliptix_operator', p.oid, 'EXECUTE')::text,"
                    + " has_function_privilege('public', p.oid, 'EXECUTE')::text"
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE n.nspname IN ('dbo', 'ecliptix_internal') AND p.prokind IN ('f', 'p') ORDER BY 1, 2";
            case SQLSERVER -> {
                String granted = "CASE WHEN EXISTS (SELECT 1 FROM sys.database_permissions p"
                        + " WHERE p.grantee_principal_id = DATABASE_PRINCIPAL_ID('%s') AND p.state IN ('G', 'W')"
                        + " AND ((p.class = 1 AND p.major_id = o.object_id"
                        + "       AND p.permission_name = CASE WHEN o.type IN ('IF', 'TF') THEN 'SELECT' ELSE 'EXECUTE' END)"
                        + "   OR (p.class = 3 AND p.major_id = o.schema_id AND p.permission_name = 'EXECUTE'"
                        + "       AND o.type IN ('P', 'FN')))) THEN 'true' ELSE 'false' END";
                yield "SELECT s.name, o.name, " + granted.formatted("ecliptix_app") + ", " + granted.formatted("ecliptix_operator")
                        + ", " + granted.formatted("public") + " FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id"
                        + " WHERE s.name IN ('dbo', 'ecliptix_internal') AND o.type IN ('P', 'FN', 'IF', 'TF') ORDER BY 1, 2";
            }
        };
        List<String> wrong = new java.util.ArrayList<>();
        int dbo = 0;
        try (Connection c = owner.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String name = rs.getString(2);
                boolean isDbo = "dbo".equals(rs.getString(1));
                dbo += isDbo ? 1 : 0;
                boolean operatorOnly = SchemaObjects.isOperatorRoutine(name);
                boolean shared = SchemaObjects.isSharedRoutine(name);
                check(wrong, rs.getString(1) + "." + name, "ecliptix_app", isDbo && !operatorOnly, rs.getString(3));
                check(wrong, rs.getString(1) + "." + name, "ecliptix_operator", isDbo && (operatorOnly || shared), rs.getString(4));
                check(wrong, rs.getString(1) + "." + name, "PUBLIC", false, rs.getString(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (dbo != expected) {
            wrong.add(dbo + " dbo routines instead of " + expected);
        }
        return wrong;
    }

    private static void check(List<String> wrong, String routine, String role, boolean expected, String actual) {
        if (expected != Boolean.parseBoolean(actual)) {
            wrong.add(routine + (expected ? " is not granted to " : " is open to ") + role);
        }
    }

    /**
     * Babelfish's sys.database_permissions is empty, so there each routine is asked of HAS_PERMS_BY_NAME as a
     * login of the application role (it must run every dbo routine but the operator's) and as one of the read-only role, which
     * holds no EXECUTE of its own and so may run exactly what PUBLIC may (nothing).
     */
    private static List<String> babelfishMissingPrivileges(DataSource owner, DataSource application, DataSource reader) {
        if (queryAs(owner, "SELECT DATABASE_PRINCIPAL_ID('ecliptix_app')") == null
                || queryAs(owner, "SELECT DATABASE_PRINCIPAL_ID('ecliptix_readonly')") == null) {
            return List.of("the roles do not exist");
        }
        List<String> wrong = new java.util.ArrayList<>();
        String routines = "SELECT SCHEMA_NAME(schema_id) + '.' + name FROM sys.objects"
                + " WHERE schema_id = SCHEMA_ID(?) AND type IN ('P', 'FN', 'IF', 'TF') ORDER BY name";
        String mayRun = "SELECT HAS_PERMS_BY_NAME(?, 'OBJECT', 'EXECUTE')";
        List<String> dbo = listAs(owner, routines, "dbo");
        for (String routine : dbo) {
            boolean operatorOnly = SchemaObjects.isOperatorRoutine(routine.substring("dbo.".length()));
            String may = queryAs(application, mayRun, routine);
            if (!operatorOnly && !"1".equals(may)) {
                wrong.add(routine + " is not granted to ecliptix_app");
            } else if (operatorOnly && !"0".equals(may)) {
                wrong.add(routine + " is open to ecliptix_app");
            }
        }
        List<String> all = new java.util.ArrayList<>(dbo);
        all.addAll(listAs(owner, routines, "ecliptix_internal"));
        for (String routine : all) {
            if (!"0".equals(queryAs(reader, mayRun, routine))) {
                wrong.add("PUBLIC may run " + routine);
            }
        }
        int expected = ObjectKind.PROCEDURES.expected().getAsInt() + ObjectKind.FUNCTIONS.expected().getAsInt();
        if (dbo.size() != expected) {
            wrong.add(dbo.size() + " dbo routines instead of " + expected);
        }
        return wrong;
    }

    private static DatabaseServer server() {
        return ThrowawayDatabaseExtension.requestedEngine().map(DatabaseServers::locate).orElseGet(DatabaseServers::locate);
    }

    private static String queryOn(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
