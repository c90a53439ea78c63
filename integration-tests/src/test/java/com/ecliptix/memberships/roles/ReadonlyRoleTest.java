package com.ecliptix.memberships.roles;

import static com.ecliptix.memberships.roles.SchemaObjects.assertDenied;
import static com.ecliptix.memberships.roles.SchemaObjects.failureOf;
import static com.ecliptix.memberships.roles.SchemaObjects.queryAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.roles.SchemaObjects.Routine;
import com.ecliptix.memberships.session.SessionOpenOutcome;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ecliptix_readonly reads every dbo table but not OtpHash, OtpSalt, SecureKey and ContextTokenHash,
 * writes nothing and executes nothing.
 */
@DatabaseTest
class ReadonlyRoleTest {

    // Per test, not @BeforeAll: a class-level parameter would be resolved even where the engine's tests are skipped.
    @BeforeEach
    void someOfEverything(TestDatabase db) {
        Fixtures.Member member = new Fixtures(db).activeMembership(new byte[] {4, 5, 6});
        assertEquals(SessionOpenOutcome.CREATED, db.api().sessions().open(member.membership(), member.device()).outcome());
        db.api().logins().login(member.phoneNumber());
    }

    @Test
    void everyColumnIsReadableExceptTheSecrets(TestDatabase db) {
        List<String> refused = new ArrayList<>();
        int read = 0;
        Map<String, List<String>> columns = SchemaObjects.columns(db);
        for (Map.Entry<String, List<String>> table : columns.entrySet()) {
            for (String column : table.getValue()) {
                SQLException e = failureOf(db.readOnlyDataSource(), "SELECT \"" + column + "\" FROM dbo.\"" + table.getKey() + "\"");
                if (e == null) {
                    read++;
                } else {
                    assertTrue(SchemaObjects.isPermissionDenied(db.engine(), e), table.getKey() + "." + column + ": " + e.getMessage());
                    refused.add(table.getKey() + "." + column);
                }
            }
        }

        assertEquals(SchemaObjects.SECRET_COLUMNS, refused.stream().sorted().toList(), "the columns the read-only role may not read");
        assertEquals(columns.values().stream().mapToInt(List::size).sum() - SchemaObjects.SECRET_COLUMNS.size(), read, "columns read");
        assertTrue(read >= 90, "columns read: " + read);
    }

    @Test
    void itSeesTheRowsTheOwnerSees(TestDatabase db) {
        for (String table : SchemaObjects.tables(db)) {
            String column = SchemaObjects.columns(db).get(table).get(0);
            assertEquals(Long.toString(db.count(table)), queryAs(db.readOnlyDataSource(),
                    "SELECT count(\"" + column + "\") FROM dbo.\"" + table + "\""), table);
        }
        assertTrue(db.count("AuthenticationContexts") > 0 && db.count("OtpRecords") > 0, "rows to see");
        // The secrets' tables are read by naming the columns; their other columns hold the same rows.
        assertEquals(queryAs(db.ownerDataSource(), "SELECT count(\"Id\") FROM dbo.\"Memberships\" WHERE \"Status\" = 'active'"),
                queryAs(db.readOnlyDataSource(), "SELECT count(\"Id\") FROM dbo.\"Memberships\" WHERE \"Status\" = 'active'"));
    }

    @Test
    void itWritesNothing(TestDatabase db) {
        long before = SchemaObjects.allRows(db);

        SchemaObjects.columns(db).forEach((table, columns) -> {
            for (String statement : SchemaObjects.writes(table, columns)) {
                assertDenied(db.engine(), db.readOnlyDataSource(), statement);
            }
        });

        assertEquals(before, SchemaObjects.allRows(db));
    }

    @Test
    void itExecutesNothing(TestDatabase db) {
        List<Routine> routines = new ArrayList<>(SchemaObjects.routines(db, "dbo"));
        routines.addAll(SchemaObjects.routines(db, "ecliptix_internal"));
        long before = SchemaObjects.allRows(db);

        for (Routine routine : routines) {
            assertDenied(db.engine(), db.readOnlyDataSource(), routine.call());
            assertTrue(!ApplicationRoleTest.canRun(db, db.readOnlyDataSource(), routine), routine + " is granted");
        }

        assertEquals(before, SchemaObjects.allRows(db));
        assertTrue(routines.size() > 30, "routines tried: " + routines);
    }
}
