package com.ecliptix.memberships.roles;

import static com.ecliptix.memberships.roles.SchemaObjects.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.configuration.ConfigUpdateOutcome;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.routines.EnsurePhoneNumber;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.generated.routines.RegisterAppDeviceIfNotExists;
import com.ecliptix.memberships.generated.routines.SetConfigValue;
import com.ecliptix.memberships.roles.SchemaObjects.Routine;
import com.ecliptix.memberships.session.SessionOpenOutcome;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.EngineGap;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * ecliptix_operator (V6) alone runs what changes the rules or deletes data: SetConfigValue, the retention
 * cleanup and ending every session of a membership; it also reads the configuration. The application's
 * role is refused these and writes nothing; the operator runs nothing else and reads no table. An upgrade
 * from version 5 keeps every row and moves these grants from the application to the operator.
 */
@DatabaseTest
class OperatorRoleTest {

    @Test
    void theApplicationCannotLoosenItsLimitsCleanUpOrEndEverySession(TestDatabase db) {
        Fixtures.Member member = new Fixtures(db).activeMembership(new byte[] {9, 8, 7});
        assertEquals(SessionOpenOutcome.CREATED, db.api().sessions().open(member.membership(), member.device()).outcome());
        long events = db.count("EventLog");
        long rows = db.totalRows();

        assertRefused(db, () -> db.api().configuration().setLimit(Limit.MAX_FAILED_LOGINS, 1000));
        assertRefused(db, () -> db.api().configuration().set("Operator.Note", "from the application"));
        assertRefused(db, () -> db.api().maintenance().cleanup());
        assertRefused(db, () -> db.api().sessions().endAll(member.membership()));

        assertEquals(Optional.of("5"), db.api().configuration().value(Limit.MAX_FAILED_LOGINS.key()), "the limit is unchanged");
        assertEquals(Optional.empty(), db.api().configuration().value("Operator.Note"));
        assertEquals(events, db.count("EventLog"), "no event was written");
        assertEquals(rows, db.totalRows(), "nothing was written or deleted");
        assertEquals(1, db.count("AuthenticationContexts", "\"MembershipUniqueId\" = ? AND \"IsActive\" = ?", member.membership(),
                true), "the session is still active");
    }

    @Test
    void theOperatorChangesLimitsCleansUpAndEndsEverySession(TestDatabase db) {
        Fixtures.Member member = new Fixtures(db).activeMembership(new byte[] {6, 5, 4});
        assertEquals(SessionOpenOutcome.CREATED, db.api().sessions().open(member.membership(), member.device()).outcome());
        try {
            assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setLimit(Limit.MAX_FAILED_LOGINS, 7));
            assertEquals(7, db.api().configuration().limit(Limit.MAX_FAILED_LOGINS), "the application reads what the operator set");
            assertEquals(7, db.operatorApi().configuration().limit(Limit.MAX_FAILED_LOGINS), "and so does the operator");
            assertEquals(1, db.count("EventLog", "\"EventType\" = 'config_changed' AND \"Message\" LIKE ?",
                    "%" + Limit.MAX_FAILED_LOGINS.key() + "%"), "audited as before");

            assertEquals(1, db.operatorApi().sessions().endAll(member.membership()).endedCount().orElseThrow());
            assertEquals(0, db.count("AuthenticationContexts", "\"MembershipUniqueId\" = ? AND \"IsActive\" = ?", member.membership(), true));
            assertEquals(0, db.operatorApi().maintenance().cleanup().totalDeleted(), "nothing is past its retention yet");
        } finally {
            db.operatorApi().configuration().setLimit(Limit.MAX_FAILED_LOGINS, DocumentedDefaults.of(Limit.MAX_FAILED_LOGINS));
        }
    }

    @Test
    void theOperatorRunsNoApplicationRoutine(TestDatabase db) {
        long rows = SchemaObjects.allRows(db);
        int refused = 0;
        for (Routine routine : SchemaObjects.routines(db, "dbo")) {
            if (!SchemaObjects.isOperatorRoutine(routine.name()) && !SchemaObjects.isSharedRoutine(routine.name())) {
                assertDenied(db.engine(), db.operatorDataSource(), routine.call());
                refused++;
            }
        }

        assertTrue(refused >= 19, "application routines refused to the operator: " + refused);
        assertEquals(rows, SchemaObjects.allRows(db));
    }

    @Test
    void theOperatorCallsNoHelperAndReadsNoTable(TestDatabase db) {
        // Its routines read and delete in the tables through the helpers: on Babelfish it holds those rights itself.
        EngineGap.NO_OWNERSHIP_CHAINING.skipOnBabelfish(db);
        long rows = SchemaObjects.allRows(db);
        for (Routine helper : SchemaObjects.routines(db, "ecliptix_internal")) {
            assertDenied(db.engine(), db.operatorDataSource(), helper.call());
        }
        for (String table : SchemaObjects.tables(db)) {
            assertDenied(db.engine(), db.operatorDataSource(), "SELECT count(*) FROM dbo.\"" + table + "\"");
        }
        assertEquals(rows, SchemaObjects.allRows(db));
    }

    @Test
    void anUpgradeFromVersion5KeepsEveryRowAndMovesTheGrants(TestDatabase latest) {
        try (TestDatabase old = TestDatabase.migratedTo("5")) {
            fillThroughTheRoutines(old);
            SetConfigValue note = new SetConfigValue();
            note.setConfigKey("Operator.Note");
            note.setConfigValue("kept");
            assertEquals("created", old.call(note).getOutcome(), "at version 5 the application may still change the configuration");
            assertFalse(RoleMigrationTest.missingPrivileges(old).isEmpty(), "version 5 has no operator");
            Map<String, Long> before = rowCounts(old);

            old.migrateToLatest();

            assertEquals(latest.schemaVersion(), old.schemaVersion());
            assertEquals(before, rowCounts(old), "every row is kept");
            assertEquals(List.of(), RoleMigrationTest.missingPrivileges(old), "the grants moved");
            assertRefused(old, () -> old.api().configuration().set("Operator.Note", "changed by the application"));
            assertEquals(ConfigUpdateOutcome.UPDATED, old.operatorApi().configuration().set("Operator.Note", "changed by the operator"));
            assertEquals(Optional.of("changed by the operator"), old.api().configuration().value("Operator.Note"));
        }
    }

    /** A device, a phone, a flow and a failed login, made by the application's login. */
    private static void fillThroughTheRoutines(TestDatabase db) {
        RegisterAppDeviceIfNotExists device = new RegisterAppDeviceIfNotExists();
        device.setAppInstanceId(UUID.randomUUID());
        device.setDeviceId(UUID.randomUUID());
        device.setDeviceType(1);
        assertEquals("created", db.call(device).getOutcome());
        String number = Phones.unique();
        EnsurePhoneNumber phone = new EnsurePhoneNumber();
        phone.setPhoneNumber(number);
        phone.setRegion("US");
        phone.setAppDeviceId(device.getDeviceUniqueId());
        assertEquals("created_and_associated", db.call(phone).getOutcome());
        InitiateVerificationFlow flow = new InitiateVerificationFlow();
        flow.setAppDeviceId(device.getDeviceUniqueId());
        flow.setPhoneNumberUniqueId(phone.getPhoneNumberUniqueId());
        flow.setPurpose("registration");
        assertEquals("created", db.call(flow).getOutcome());
        LoginMembership login = new LoginMembership();
        login.setPhoneNumber(number);
        assertEquals("membership_not_found", db.call(login).getOutcome());
    }

    private static Map<String, Long> rowCounts(TestDatabase db) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : SchemaObjects.tables(db)) {
            counts.put(table, db.count(table));
        }
        // Version 6 adds configuration keys; the rows that were there must all be kept.
        counts.put("SystemConfiguration", db.count("SystemConfiguration", "\"ConfigKey\" NOT LIKE 'Locking.%'"));
        return counts;
    }

    /** The call is refused for want of a privilege. */
    private static void assertRefused(TestDatabase db, Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        SQLException cause = null;
        for (Throwable t = e; t != null && cause == null; t = t.getCause()) {
            cause = t instanceof SQLException s ? s : null;
        }
        assertTrue(cause != null && SchemaObjects.isPermissionDenied(db.engine(), cause), () -> "not a permission error: " + e);
    }
}
