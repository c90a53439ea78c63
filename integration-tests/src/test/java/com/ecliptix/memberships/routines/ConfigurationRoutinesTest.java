package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.RoutineFixtures.assertAbout;
import static com.ecliptix.memberships.routines.RoutineFixtures.device;
import static com.ecliptix.memberships.routines.RoutineFixtures.flow;
import static com.ecliptix.memberships.routines.RoutineFixtures.initiate;
import static com.ecliptix.memberships.routines.RoutineFixtures.insertOtp;
import static com.ecliptix.memberships.routines.RoutineFixtures.login;
import static com.ecliptix.memberships.routines.RoutineFixtures.newFlow;
import static com.ecliptix.memberships.routines.RoutineFixtures.newOtp;
import static com.ecliptix.memberships.routines.RoutineFixtures.phone;
import static com.ecliptix.memberships.routines.RoutineFixtures.state;
import static com.ecliptix.memberships.routines.RoutineFixtures.updateOtp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.GetConfigValue;
import com.ecliptix.memberships.generated.routines.RequestResendOtp;
import com.ecliptix.memberships.generated.routines.SetConfigValue;
import com.ecliptix.memberships.routines.RoutineFixtures.Flow;
import com.ecliptix.memberships.routines.RoutineFixtures.Phone;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SetConfigValue and GetConfigValue, and that every limit the routines read takes a changed value into
 * account. These tests change SystemConfiguration, so they live in a class (and a database) of their own,
 * and every test restores the seeded values afterwards.
 */
@DatabaseTest
class ConfigurationRoutinesTest {

    /** The contract's keys and defaults, as seeded: the API's {@link Limit}s. */
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        for (Limit limit : Limit.values()) {
            DEFAULTS.put(limit.key(), String.valueOf(limit.defaultValue()));
        }
    }

    @AfterEach
    void restoreTheSeededValues(TestDatabase db) {
        DEFAULTS.forEach((key, value) ->
                db.update("UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = ? WHERE \"ConfigKey\" = ?", value, key));
    }

    private static SetConfigValue set(TestDatabase db, String key, String value) {
        SetConfigValue call = new SetConfigValue();
        call.setConfigKey(key);
        call.setConfigValue(value);
        return db.call(call);
    }

    private static void change(TestDatabase db, String key, String value) {
        assertEquals("updated", set(db, key, value).getOutcome(), key + " = " + value);
    }

    private static String get(TestDatabase db, String key) {
        GetConfigValue call = new GetConfigValue();
        call.setConfigKey(key);
        db.call(call);
        return call.getReturnValue();
    }

    private static LocalDateTime updatedAt(TestDatabase db, String key) {
        return db.dsl().fetchOne("SELECT \"UpdatedAt\" FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", key)
                .get(0, LocalDateTime.class);
    }

    private static long configRows(TestDatabase db) {
        return db.count("SystemConfiguration");
    }

    // ---------------------------------------------------------------- GetConfigValue

    @Test
    void everyLimitIsSeededWithTheContractsDefaultAsAnInt(TestDatabase db) {
        DEFAULTS.forEach((key, value) -> {
            assertEquals(value, get(db, key), key);
            assertEquals(1, db.count("SystemConfiguration", "\"ConfigKey\" = ? AND \"DataType\" = 'int'", key), key);
        });
        assertEquals(DEFAULTS.size(), db.count("SystemConfiguration", "\"DataType\" = 'int'"), "every int key is a Limit");
        assertEquals(EcliptixMemberships.SCHEMA_VERSION, get(db, "Schema.Version"), "the schema version the migrations reached");
        assertEquals(DEFAULTS.size() + 1, configRows(db), "the limits and the schema version");
    }

    @Test
    void getConfigValueOfAnUnknownOrMissingKeyIsNull(TestDatabase db) {
        assertNull(get(db, "No.Such.Key"));
        assertNull(get(db, null));
        assertNull(get(db, "otp.maxattempts"), "keys are case-sensitive");
    }

    // ---------------------------------------------------------------- SetConfigValue

    @Test
    void setConfigValueOfAKnownKeyUpdatesItsValueAndUpdatedAt(TestDatabase db) {
        db.backdate("SystemConfiguration", "UpdatedAt", Duration.ofDays(1), "\"ConfigKey\" = 'OTP.MaxAttempts'");
        LocalDateTime before = updatedAt(db, "OTP.MaxAttempts");

        SetConfigValue call = set(db, "OTP.MaxAttempts", "7");

        assertEquals("updated", call.getOutcome());
        assertEquals("7", get(db, "OTP.MaxAttempts"));
        assertEquals(1, db.count("SystemConfiguration", "\"ConfigKey\" = 'OTP.MaxAttempts' AND \"DataType\" = 'int'"));
        assertTrue(updatedAt(db, "OTP.MaxAttempts").isAfter(before.plusHours(23)), "UpdatedAt is set by SetConfigValue");
    }

    @Test
    void setConfigValueOfANewKeyCreatesAStringKey(TestDatabase db) {
        String key = "Test.Created." + UUID.randomUUID();

        SetConfigValue created = set(db, key, "anything at all");
        SetConfigValue updated = set(db, key, "not a number");

        assertEquals("created", created.getOutcome());
        assertEquals("updated", updated.getOutcome());
        assertEquals("not a number", get(db, key));
        assertEquals(1, db.count("SystemConfiguration", "\"ConfigKey\" = ? AND \"DataType\" = 'string'", key));
        db.update("DELETE FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", " 5", "5 ", "1.5", "1e3", "+5", "0", "-1", "-0", "2147483648", "99999999999999999999", "٣"})
    void anIntKeyRefusesAValueThatIsNotAPositiveIntegerAndKeepsItsValue(String value, TestDatabase db) {
        long rows = configRows(db);

        assertEquals("invalid_value", set(db, "Verification.MaxFlowsPerHour", value).getOutcome());

        assertEquals("30", get(db, "Verification.MaxFlowsPerHour"));
        assertEquals(rows, configRows(db));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no key", "empty key", "key over 100", "no value"})
    void aMissingEmptyOrOverlongKeyOrAMissingValueIsInvalidValueAndWritesNothing(String which, TestDatabase db) {
        long rows = configRows(db);
        String key = switch (which) {
            case "no key" -> null;
            case "empty key" -> "";
            case "key over 100" -> "K".repeat(101);
            default -> "Test.NoValue";
        };

        SetConfigValue call = set(db, key, which.equals("no value") ? null : "1");

        assertEquals("invalid_value", call.getOutcome());
        assertEquals(rows, configRows(db));
    }

    @Test
    void aKeyOfExactlyOneHundredCharactersIsAccepted(TestDatabase db) {
        String key = "K".repeat(100);

        assertEquals("created", set(db, key, "v").getOutcome());

        db.update("DELETE FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", key);
    }

    @Test
    void aBoolKeyAcceptsOnlyTrueOrFalse(TestDatabase db) {
        String key = "Test.Flag." + UUID.randomUUID();
        db.update("INSERT INTO dbo.\"SystemConfiguration\" (\"ConfigKey\", \"ConfigValue\", \"DataType\") VALUES (?, 'true', 'bool')", key);

        assertEquals("invalid_value", set(db, key, "yes").getOutcome());
        assertEquals("invalid_value", set(db, key, "TRUE").getOutcome());
        assertEquals("invalid_value", set(db, key, "1").getOutcome());
        assertEquals("invalid_value", set(db, key, "false ").getOutcome());
        assertEquals("true", get(db, key));
        assertEquals("updated", set(db, key, "false").getOutcome());
        assertEquals("false", get(db, key));

        db.update("DELETE FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", key);
    }

    // ---------------------------------------------------------------- the limits read the stored values

    @Test
    void verificationMaxFlowsPerHourTakesEffect(TestDatabase db) {
        change(db, "Verification.MaxFlowsPerHour", "2");
        UUID device = device(db);
        Phone phone = phone(db, device);
        newFlow(db, device, phone.id(), "login", null);
        newFlow(db, device, phone.id(), "registration", null);

        assertEquals("rate_limited", initiate(db, device, phone.id(), "update_phone", null).getOutcome());
    }

    @Test
    void verificationFlowLifetimeMinutesTakesEffect(TestDatabase db) {
        change(db, "Verification.FlowLifetimeMinutes", "15");

        assertAbout(Duration.ofMinutes(15), state(db, flow(db, "login").id()).getExpiresAt());
    }

    @Test
    void verificationVerifiedFlowLifetimeHoursTakesEffect(TestDatabase db) {
        change(db, "Verification.VerifiedFlowLifetimeHours", "2");
        Flow flow = flow(db, "login");

        assertEquals("updated", updateOtp(db, newOtp(db, flow.id()), "verified").getOutcome());

        assertAbout(Duration.ofHours(2), state(db, flow.id()).getExpiresAt());
    }

    @Test
    void otpMaxAttemptsTakesEffectForIssuedAndFailedOtps(TestDatabase db) {
        change(db, "OTP.MaxAttempts", "2");
        Flow issued = flow(db, "login");
        newOtp(db, issued.id());
        newOtp(db, issued.id());
        db.backdate("OtpRecords", "CreatedAt", Duration.ofSeconds(31), "\"FlowUniqueId\" = ?", issued.id());
        Flow failing = flow(db, "login");

        assertEquals("max_otp_attempts_reached", insertOtp(db, issued.id(), Instant.now().plusSeconds(60)).getOutcome());
        assertEquals("updated", updateOtp(db, newOtp(db, failing.id()), "failed").getOutcome());
        assertEquals("max_failed_attempts_reached", updateOtp(db, newOtp(db, failing.id()), "failed").getOutcome());
    }

    @Test
    void otpResendCooldownSecondsTakesEffect(TestDatabase db) {
        change(db, "OTP.ResendCooldownSeconds", "120");
        Flow flow = flow(db, "login");
        newOtp(db, flow.id());
        db.backdate("OtpRecords", "CreatedAt", Duration.ofSeconds(60), "\"FlowUniqueId\" = ?", flow.id());
        RequestResendOtp call = new RequestResendOtp();
        call.setFlowUniqueId(flow.id());

        db.call(call);

        assertEquals("resend_cooldown_active", call.getOutcome());
        assertTrue(call.getRetryAfterSeconds() >= 59 && call.getRetryAfterSeconds() <= 60, "RetryAfterSeconds " + call.getRetryAfterSeconds());
    }

    @Test
    void authenticationLimitsTakeEffect(TestDatabase db) {
        change(db, "Authentication.MaxFailedAttempts", "2");
        change(db, "Authentication.LockoutDurationMinutes", "1");
        change(db, "Authentication.AttemptWindowMinutes", "60");
        String number = Phones.unique();
        login(db, number);
        // Outside the default 5-minute window, inside the configured hour.
        db.backdate("LoginAttempts", "CreatedAt", Duration.ofMinutes(30), "\"PhoneNumber\" = ?", number);

        assertEquals(60, login(db, number).getLockedForSeconds());
        assertEquals("locked_out", login(db, number).getOutcome());
    }

    @Test
    void membershipMaxFailedAttemptsPerHourTakesEffect(TestDatabase db) {
        change(db, "Membership.MaxFailedAttemptsPerHour", "1");
        Flow flow = flow(db, "registration");
        UUID otp = newOtp(db, flow.id());

        CreateMembership first = RoutineFixtures.createMembership(db, flow.id(), null, otp);
        CreateMembership second = RoutineFixtures.createMembership(db, flow.id(), null, otp);

        assertEquals("flow_not_verified", first.getOutcome());
        assertEquals("rate_limited", second.getOutcome());
    }

    @Test
    void aStoredValueThatDoesNotParseFallsBackToTheDefault(TestDatabase db) {
        // Written past SetConfigValue, as an operator's manual edit would be.
        db.update("UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = 'five' WHERE \"ConfigKey\" = 'Authentication.MaxFailedAttempts'");
        db.update("UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = '0' WHERE \"ConfigKey\" = 'Authentication.LockoutDurationMinutes'");
        String number = Phones.unique();

        for (int i = 0; i < 4; i++) {
            assertNull(login(db, number).getLockedForSeconds());
        }
        assertEquals(5 * 60, login(db, number).getLockedForSeconds());
    }
}
