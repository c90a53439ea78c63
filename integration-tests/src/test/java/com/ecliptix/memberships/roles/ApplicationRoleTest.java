package com.ecliptix.memberships.roles;

import static com.ecliptix.memberships.roles.SchemaObjects.assertDenied;
import static com.ecliptix.memberships.roles.SchemaObjects.listAs;
import static com.ecliptix.memberships.roles.SchemaObjects.queryAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.roles.SchemaObjects.Kind;
import com.ecliptix.memberships.roles.SchemaObjects.Routine;
import com.ecliptix.memberships.schema.ObjectKind;
import com.ecliptix.memberships.session.SessionOpenOutcome;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.EngineGap;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.schema.throwaway.RoleLogin;
import com.ecliptix.memberships.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ecliptix_app holds EXECUTE on the dbo routines but the operator's (V6) and nothing else: no table can be
 * read, written or emptied, no secret column read, no helper of ecliptix_internal called, no operator's
 * routine run (OperatorRoleTest), and PUBLIC executes no routine. The rest of the suite shows the other
 * half: the whole API but the operator's calls works as this login. On Babelfish, which has no
 * ownership chaining, it also holds what its routines do to each table and EXECUTE on the helpers
 * ({@link EngineGap#NO_OWNERSHIP_CHAINING}): there the tests of those two points are skipped and the tables'
 * privileges are held to that list.
 */
@DatabaseTest
class ApplicationRoleTest {

    /** Rows in every table the application writes, sessions included, so that a refused DELETE has something to lose. */
    // Per test, not @BeforeAll: a class-level parameter would be resolved even where the engine's tests are skipped.
    @BeforeEach
    void someOfEverything(TestDatabase db) {
        Fixtures.Member member = new Fixtures(db).activeMembership(new byte[] {1, 2, 3});
        assertEquals(SessionOpenOutcome.CREATED, db.api().sessions().open(member.membership(), member.device()).outcome());
        db.api().logins().login(member.phoneNumber());
    }

    @Test
    void theApiRunsAsALoginHoldingOnlyTheApplicationRole(TestDatabase db) {
        RoleLogin login = db.applicationLogin();

        assertEquals(login.name(), queryAs(db.dataSource(), "SELECT CURRENT_USER"), "the suite's connections are the login's");
        assertEquals(List.of(RoleLogin.APPLICATION_ROLE), switch (db.engine()) {
            case POSTGRESQL -> listAs(db.ownerDataSource(), "SELECT r.rolname FROM pg_auth_members m"
                    + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = ?", login.name());
            case SQLSERVER -> listAs(db.ownerDataSource(), "SELECT r.name FROM sys.database_role_members m"
                    + " JOIN sys.database_principals r ON r.principal_id = m.role_principal_id"
                    + " JOIN sys.database_principals u ON u.principal_id = m.member_principal_id WHERE u.name = ?", login.name());
        }, "the login's roles");
        assertEquals("false", switch (db.engine()) {
            case POSTGRESQL -> queryAs(db.ownerDataSource(), "SELECT (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls)::text"
                    + " FROM pg_roles WHERE rolname = ?", login.name());
            case SQLSERVER -> queryAs(db.dataSource(), "SELECT CASE WHEN IS_SRVROLEMEMBER('sysadmin') = 1"
                    + " OR IS_MEMBER('db_owner') = 1 THEN 'true' ELSE 'false' END");
        }, "no server-wide or owner rights");
    }

    /**
     * On Babelfish, which has no ownership chaining, what ecliptix_app holds on each table instead
     * (afterMigrate__privileges.sql): what its routines do there, UPDATE for the foreign key checks' locks on
     * FailedOtpAttempts included; the cleanup's DELETEs and the configuration's writes are the operator's
     * (version 6). Elsewhere it holds nothing on any table.
     */
    private static final Map<String, Set<String>> BABELFISH_TABLE_PRIVILEGES = Map.ofEntries(
            Map.entry("AppDevices", Set.of("SELECT", "INSERT", "UPDATE")),
            Map.entry("PhoneNumbers", Set.of("SELECT", "INSERT", "UPDATE")),
            Map.entry("PhoneNumberDevices", Set.of("SELECT", "INSERT", "UPDATE")),
            Map.entry("VerificationFlows", Set.of("SELECT", "INSERT", "UPDATE", "DELETE")),
            Map.entry("OtpRecords", Set.of("SELECT", "INSERT", "UPDATE", "DELETE")),
            Map.entry("FailedOtpAttempts", Set.of("SELECT", "INSERT", "UPDATE", "DELETE")),
            Map.entry("Memberships", Set.of("SELECT", "INSERT", "UPDATE")),
            Map.entry("MembershipAttempts", Set.of("SELECT", "INSERT")),
            Map.entry("LoginAttempts", Set.of("SELECT", "INSERT")),
            Map.entry("EventLog", Set.of("SELECT", "INSERT")),
            Map.entry("AuthenticationContexts", Set.of("SELECT", "INSERT", "UPDATE")),
            Map.entry("SystemConfiguration", Set.of("SELECT")));

    /**
     * No table can be read, written or emptied; on Babelfish, none beyond what its routines need there (those
     * privileges are checked in the catalog, the others are tried and must be refused).
     */
    @Test
    void noTableCanBeReadWrittenOrEmptied(TestDatabase db) {
        Map<String, List<String>> columns = SchemaObjects.columns(db);
        long before = SchemaObjects.allRows(db);
        assertTrue(db.count("AuthenticationContexts") > 0 && db.count("Memberships") > 0 && db.count("LoginAttempts") > 0,
                "the tables hold rows to lose");
        Map<String, Set<String>> granted = db.isBabelfish() ? BABELFISH_TABLE_PRIVILEGES : Map.of();
        if (db.isBabelfish()) {
            assertEquals(new TreeSet<>(granted.keySet()), new TreeSet<>(columns.keySet()), "every table has its privileges listed");
        }

        columns.forEach((table, itsColumns) -> {
            Set<String> held = granted.getOrDefault(table, Set.of());
            List<String> writes = SchemaObjects.writes(table, itsColumns);
            Map<String, String> statements = Map.of("SELECT", "SELECT count(*) FROM dbo.\"" + table + "\"",
                    "INSERT", writes.get(0), "UPDATE", writes.get(1), "DELETE", writes.get(2));
            statements.forEach((privilege, statement) -> {
                if (held.contains(privilege)) {
                    assertEquals("1", queryAs(db.dataSource(), "SELECT HAS_PERMS_BY_NAME(?, 'OBJECT', ?)", "dbo." + table, privilege),
                            privilege + " on " + table);
                } else {
                    assertDenied(db.engine(), db.dataSource(), statement);
                }
            });
        });

        assertEquals(before, SchemaObjects.allRows(db), "no row was added or deleted");
    }

    @Test
    void theSecretColumnsCannotBeRead(TestDatabase db) {
        // Its routines read and return them (VerifyOtp, GetFullFlowState, LoginMembership, the sessions' lookups).
        EngineGap.NO_OWNERSHIP_CHAINING.skipOnBabelfish(db);
        for (String secret : SchemaObjects.SECRET_COLUMNS) {
            String[] parts = secret.split("\\.");
            assertDenied(db.engine(), db.dataSource(), "SELECT \"" + parts[1] + "\" FROM dbo.\"" + parts[0] + "\"");
        }
    }

    @Test
    void noHelperCanBeCalled(TestDatabase db) {
        EngineGap.NO_OWNERSHIP_CHAINING.skipOnBabelfish(db);
        List<Routine> helpers = SchemaObjects.routines(db, "ecliptix_internal");
        assertTrue(helpers.size() >= 8, "helpers: " + helpers);
        long before = SchemaObjects.allRows(db);

        for (Routine helper : helpers) {
            assertDenied(db.engine(), db.dataSource(), helper.call());
        }

        assertEquals(before, SchemaObjects.allRows(db));
    }

    @Test
    void everyDboRoutineButTheOperatorsIsExecutableByTheApplicationAndByNoOneElse(TestDatabase db) {
        List<Routine> routines = SchemaObjects.routines(db, "dbo");
        assertEquals(ObjectKind.PROCEDURES.expected().getAsInt() + ObjectKind.FUNCTIONS.expected().getAsInt(), routines.size(),
                "dbo routines: " + routines);
        List<String> notExecutable = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        List<String> publicExecutes = new ArrayList<>();
        long before = SchemaObjects.allRows(db);
        for (Routine routine : routines) {
            if (SchemaObjects.isOperatorRoutine(routine.name())) {
                assertDenied(db.engine(), db.dataSource(), routine.call());
                operators.add(routine.name());
            } else if (!canRun(db, db.dataSource(), routine)) {
                notExecutable.add(routine.signature());
            }
        }
        assertEquals(SchemaObjects.OPERATOR_ROUTINES.size(), operators.size(), "the operator's routines, refused: " + operators);
        assertEquals(before, SchemaObjects.allRows(db));
        for (Routine routine : concat(routines, SchemaObjects.routines(db, "ecliptix_internal"))) {
            if (publicMayRun(db, routine)) {
                publicExecutes.add(routine.signature());
            }
        }

        assertEquals(List.of(), notExecutable, "dbo routines the application may not run");
        assertEquals(List.of(), publicExecutes, "routines PUBLIC may run");
    }

    @Test
    void routinesRunWithTheirOwnersRights(TestDatabase db) {
        EngineGap.NO_OWNERSHIP_CHAINING.skipOnBabelfish(db);
        List<String> wrong = new ArrayList<>();
        switch (db.engine()) {
            // SECURITY DEFINER with a search_path no caller can change: the routine sees only pg_catalog
            // and its own schema-qualified names, whoever calls it.
            case POSTGRESQL -> wrong.addAll(listAs(db.ownerDataSource(), "SELECT p.oid::regprocedure::text FROM pg_proc p"
                    + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'dbo' AND p.prokind IN ('f', 'p')"
                    + " AND NOT (p.prosecdef AND p.proconfig IS NOT NULL"
                    + "          AND p.proconfig = ARRAY['search_path=pg_catalog, pg_temp'])"));
            // Ownership chaining: every module and its schema belong to dbo, and no module builds SQL at
            // run time (a chain does not reach into dynamic SQL).
            case SQLSERVER -> {
                wrong.addAll(listAs(db.ownerDataSource(), "SELECT s.name + '.' + o.name FROM sys.objects o"
                        + " JOIN sys.schemas s ON s.schema_id = o.schema_id"
                        + " WHERE s.name IN ('dbo', 'ecliptix_internal') AND o.type IN ('P', 'FN', 'IF', 'TF', 'TR')"
                        + " AND OBJECTPROPERTY(o.object_id, 'OwnerId') <> DATABASE_PRINCIPAL_ID('dbo')"));
                Pattern dynamic = Pattern.compile("sp_executesql|\\bEXEC(UTE)?\\s*\\(", Pattern.CASE_INSENSITIVE);
                try (var c = db.ownerDataSource().getConnection(); var s = c.createStatement();
                        var rs = s.executeQuery("SELECT s.name + '.' + o.name, m.definition FROM sys.sql_modules m"
                                + " JOIN sys.objects o ON o.object_id = m.object_id JOIN sys.schemas s ON s.schema_id = o.schema_id"
                                + " WHERE s.name IN ('dbo', 'ecliptix_internal')")) {
                    int modules = 0;
                    while (rs.next()) {
                        modules++;
                        if (dynamic.matcher(rs.getString(2)).find()) {
                            wrong.add(rs.getString(1) + " runs dynamic SQL");
                        }
                    }
                    assertTrue(modules >= 25, "modules read: " + modules);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        assertEquals(List.of(), wrong, "routines that would run with their caller's rights");
    }

    /** Whether the login behind {@code as} holds the privilege that running the routine needs. */
    static boolean canRun(TestDatabase db, DataSource as, Routine routine) {
        return switch (db.engine()) {
            // Asked by the owner about the login: the login may not even resolve a name in ecliptix_internal.
            case POSTGRESQL -> "true".equals(queryAs(db.ownerDataSource(), "SELECT has_function_privilege(?, ?::regprocedure, 'EXECUTE')::text",
                    queryAs(as, "SELECT CURRENT_USER"), routine.signature()));
            // Babelfish grants a table-valued function EXECUTE, as any function.
            case SQLSERVER -> "1".equals(queryAs(as, "SELECT HAS_PERMS_BY_NAME(?, 'OBJECT', ?)", routine.signature(),
                    routine.kind() == Kind.TABLE_FUNCTION && !db.isBabelfish() ? "SELECT" : "EXECUTE"));
        };
    }

    /** Whether PUBLIC (every login of the database) holds a privilege on the routine, as the catalog says. */
    static boolean publicMayRun(TestDatabase db, Routine routine) {
        if (db.isBabelfish()) {
            // Its sys.database_permissions is empty: asked instead of a login of the read-only role, which holds
            // no EXECUTE of its own and so may run exactly what PUBLIC may.
            return canRun(db, db.readOnlyDataSource(), routine);
        }
        return switch (db.engine()) {
            case POSTGRESQL -> "true".equals(queryAs(db.ownerDataSource(),
                    "SELECT has_function_privilege('public', ?::regprocedure, 'EXECUTE')::text", routine.signature()));
            case SQLSERVER -> !"0".equals(queryAs(db.ownerDataSource(), "SELECT count(*) FROM sys.database_permissions p"
                    + " WHERE p.grantee_principal_id = DATABASE_PRINCIPAL_ID('public') AND p.state IN ('G', 'W')"
                    + " AND ((p.class = 1 AND p.major_id = OBJECT_ID(?)) OR (p.class = 3 AND p.major_id = SCHEMA_ID(?)))",
                    routine.signature(), routine.schema()));
        };
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
