package com.ecliptix.memberships.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.login.LoginResult;
import com.ecliptix.memberships.membership.MembershipCreationOutcome;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.OtpIssueOutcome;
import com.ecliptix.memberships.verification.OtpStatus;
import com.ecliptix.memberships.verification.OtpStatusOutcome;
import com.ecliptix.memberships.verification.Purpose;
import com.ecliptix.memberships.verification.ResendDecision;
import com.ecliptix.memberships.verification.ResendOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limits live in SystemConfiguration and a change takes effect on the next call: each limit is changed
 * through the API and the rule it governs is seen to follow (the rules themselves at their defaults are in
 * the domain test classes). These tests change SystemConfiguration, so they have a database of their own.
 */
@DatabaseTest
class ConfigurableLimitsTest {

    @AfterEach
    void restoreDefaults(TestDatabase db) {
        for (Limit limit : Limit.values()) {
            db.operatorApi().configuration().setLimit(limit, DocumentedDefaults.of(limit));
        }
    }

    @Test
    void everyLimitStartsAtTheContractsDefault(TestDatabase db) {
        for (Limit limit : Limit.values()) {
            LimitSetting setting = db.api().configuration().setting(limit);
            assertEquals(DocumentedDefaults.of(limit), setting.value(), limit.key());
            // V1 and V2 seeded a row with the default of their day; a later limit needs no row of its own.
            setting.stored().ifPresent(stored -> assertEquals(Integer.toString(DocumentedDefaults.of(limit)), stored, limit.key()));
        }
        assertEquals(Duration.ofMinutes(5), db.api().configuration().duration(Limit.LOGIN_ATTEMPT_WINDOW));
        assertEquals(Duration.ofHours(24), db.api().configuration().duration(Limit.VERIFIED_FLOW_LIFETIME));
        assertEquals(Duration.ofSeconds(5), db.api().configuration().duration(Limit.LOCK_TIMEOUT));
        long limitRows = 0;
        for (Limit limit : Limit.values()) {
            limitRows += db.count("SystemConfiguration", "\"ConfigKey\" = ? AND \"DataType\" = 'int'", limit.key());
        }
        assertEquals(limitRows, db.count("SystemConfiguration", "\"DataType\" = 'int'"), "every int key is a Limit");
        assertEquals(Optional.of(EcliptixMemberships.SCHEMA_VERSION), db.api().configuration().value("Schema.Version"),
                "the schema version the migrations reached");
        assertEquals(limitRows + 1, db.count("SystemConfiguration"), "the limits and the schema version");
    }

    @Test
    void theFlowLimitTakesEffect(TestDatabase db) {
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setLimit(Limit.MAX_FLOWS_PER_HOUR, 2));
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        assertEquals(FlowStartOutcome.CREATED, db.api().verification().start(device, phone, Purpose.LOGIN, null).outcome());
        assertEquals(FlowStartOutcome.CREATED, db.api().verification().start(device, phone, Purpose.REGISTRATION, null).outcome());

        assertEquals(FlowStartOutcome.RATE_LIMITED, db.api().verification().start(device, phone, Purpose.UPDATE_PHONE, null).outcome());
    }

    @Test
    void theFlowLifetimesTakeEffect(TestDatabase db) {
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setDuration(Limit.FLOW_LIFETIME, Duration.ofMinutes(15)));
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setDuration(Limit.VERIFIED_FLOW_LIFETIME, Duration.ofHours(2)));
        Fixtures fixtures = new Fixtures(db);
        UUID flow = newFlow(db, fixtures);

        assertAbout(Duration.ofMinutes(15), db.api().verification().flowState(flow).orElseThrow().expiresAt());

        assertEquals(OtpStatusOutcome.UPDATED, db.api().verification().updateOtpStatus(fixtures.otp(flow), OtpStatus.VERIFIED));
        assertAbout(Duration.ofHours(2), db.api().verification().flowState(flow).orElseThrow().expiresAt());
    }

    @Test
    void theOtpLimitTakesEffectForIssuedAndFailedCodes(TestDatabase db) {
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setLimit(Limit.MAX_OTP_ATTEMPTS, 2));
        Fixtures fixtures = new Fixtures(db);
        UUID issued = newFlow(db, fixtures);
        fixtures.otp(issued);
        pastCooldown(db, issued);
        fixtures.otp(issued);
        pastCooldown(db, issued);
        UUID failing = newFlow(db, fixtures);

        Fixtures.OtpSecret secret = Fixtures.hash("123456");
        assertEquals(OtpIssueOutcome.MAX_OTP_ATTEMPTS_REACHED,
                db.api().verification().issueOtp(issued, secret.hash(), secret.salt(), Instant.now().plusSeconds(60)).outcome());
        assertEquals(OtpStatusOutcome.UPDATED, db.api().verification().updateOtpStatus(fixtures.otp(failing), OtpStatus.FAILED));
        pastCooldown(db, failing);
        assertEquals(OtpStatusOutcome.MAX_FAILED_ATTEMPTS_REACHED,
                db.api().verification().updateOtpStatus(fixtures.otp(failing), OtpStatus.FAILED));
    }

    @Test
    void theResendCooldownTakesEffect(TestDatabase db) {
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setDuration(Limit.RESEND_COOLDOWN, Duration.ofSeconds(120)));
        Fixtures fixtures = new Fixtures(db);
        UUID flow = newFlow(db, fixtures);
        fixtures.otp(flow);
        db.backdate("OtpRecords", "CreatedAt", Duration.ofSeconds(60), "\"FlowUniqueId\" = ?", flow);

        ResendDecision decision = db.api().verification().requestResend(flow);

        assertEquals(ResendOutcome.RESEND_COOLDOWN_ACTIVE, decision.outcome());
        long left = decision.retryAfter().orElseThrow().toSeconds();
        assertTrue(left >= 59 && left <= 60, "retry after " + left + " s");
    }

    @Test
    void theMembershipCreationLimitTakesEffect(TestDatabase db) {
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setLimit(Limit.MAX_FAILED_MEMBERSHIP_CREATIONS_PER_HOUR, 1));
        Fixtures fixtures = new Fixtures(db);
        UUID flow = newFlow(db, fixtures);
        UUID otp = fixtures.otp(flow);

        assertEquals(MembershipCreationOutcome.FLOW_NOT_VERIFIED, db.api().memberships().create(flow, null, otp).outcome());
        assertEquals(MembershipCreationOutcome.RATE_LIMITED, db.api().memberships().create(flow, null, otp).outcome());
    }

    /** A pending registration flow started without a connection. */
    private static UUID newFlow(TestDatabase db, Fixtures fixtures) {
        UUID device = fixtures.device();
        UUID phone = fixtures.phone(Phones.unique(), device);
        return db.api().verification().start(device, phone, Purpose.REGISTRATION, null).flowUniqueId().orElseThrow();
    }

    /** Moves the flow's codes back past the default resend cooldown. */
    private static void pastCooldown(TestDatabase db, UUID flow) {
        db.backdate("OtpRecords", "CreatedAt", Duration.ofSeconds(DocumentedDefaults.of(Limit.RESEND_COOLDOWN) + 1), "\"FlowUniqueId\" = ?", flow);
    }

    /** An instant within 30 seconds of now plus an offset (database and JVM share a clock). */
    private static void assertAbout(Duration fromNow, Instant actual) {
        Instant expected = Instant.now().plus(fromNow);
        assertTrue(Math.abs(Duration.between(expected, actual).toSeconds()) <= 30,
                "expected about now + " + fromNow + " (" + expected + ") but was " + actual);
    }

    @Test
    void theLoginLimitsTakeEffectOnTheNextLogin(TestDatabase db) {
        String phone = Phones.unique();
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setLimit(Limit.MAX_FAILED_LOGINS, 2));
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setDuration(Limit.LOCKOUT_DURATION, Duration.ofMinutes(7)));
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().setDuration(Limit.LOGIN_ATTEMPT_WINDOW, Duration.ofHours(1)));

        db.api().logins().login(phone);
        // Outside the default 5-minute window, inside the configured hour.
        db.backdate("LoginAttempts", "CreatedAt", Duration.ofMinutes(30), "\"PhoneNumber\" = ?", phone);
        LoginResult second = db.api().logins().login(phone);

        assertEquals(Duration.ofMinutes(7), second.lockedFor().orElseThrow());
        assertEquals(LoginOutcome.LOCKED_OUT, db.api().logins().login(phone).outcome());
    }

    @Test
    void aStoredValueThatDoesNotParseFallsBackToTheDefault(TestDatabase db) {
        String phone = Phones.unique();
        // Written past SetConfigValue, as an operator's manual edit would be.
        db.update("UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = 'lots' WHERE \"ConfigKey\" = ?", Limit.MAX_FAILED_LOGINS.key());
        db.update("UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = '0' WHERE \"ConfigKey\" = ?", Limit.LOCKOUT_DURATION.key());

        for (int i = 0; i < 4; i++) {
            assertTrue(db.api().logins().login(phone).lockedFor().isEmpty());
        }
        assertEquals(Duration.ofMinutes(DocumentedDefaults.of(Limit.LOCKOUT_DURATION)), db.api().logins().login(phone).lockedFor().orElseThrow(),
                "the default of 5 failures and 5 minutes applies");
        assertEquals(5, db.api().configuration().limit(Limit.MAX_FAILED_LOGINS));
        assertEquals(5, db.api().configuration().limit(Limit.LOCKOUT_DURATION));
    }

    @Test
    void invalidValuesAreRejectedAndChangeNothing(TestDatabase db) {
        long rows = db.count("SystemConfiguration");

        assertEquals("ConfigValue", assertThrows(InvalidInputException.class,
                () -> db.operatorApi().configuration().set(Limit.MAX_FAILED_LOGINS.key(), "0")).parameter());
        assertEquals("ConfigValue", assertThrows(InvalidInputException.class,
                () -> db.operatorApi().configuration().set(Limit.MAX_FAILED_LOGINS.key(), "five")).parameter());
        assertThrows(InvalidInputException.class, () -> db.operatorApi().configuration().setLimit(Limit.MAX_FLOWS_PER_HOUR, -1));
        assertThrows(InvalidInputException.class, () -> db.operatorApi().configuration().setDuration(Limit.LOCKOUT_DURATION, Duration.ofSeconds(90)));
        assertThrows(InvalidInputException.class, () -> db.api().configuration().duration(Limit.MAX_OTP_ATTEMPTS));

        assertEquals(rows, db.count("SystemConfiguration"));
        assertEquals(Optional.of("5"), db.api().configuration().value(Limit.MAX_FAILED_LOGINS.key()));
    }

    @Test
    void aNewKeyIsCreatedAsText(TestDatabase db) {
        assertEquals(ConfigUpdateOutcome.CREATED, db.operatorApi().configuration().set("Feature.Banner", "hello"));
        assertEquals(ConfigUpdateOutcome.UPDATED, db.operatorApi().configuration().set("Feature.Banner", "bye"));
        assertEquals(Optional.of("bye"), db.api().configuration().value("Feature.Banner"));
        assertEquals(Optional.empty(), db.api().configuration().value("Feature.Missing"));
        assertEquals("string", db.queryString("SELECT \"DataType\" FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", "Feature.Banner"));
    }
}
