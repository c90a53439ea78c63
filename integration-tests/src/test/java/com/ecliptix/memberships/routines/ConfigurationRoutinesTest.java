package com.ecliptix.memberships.routines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.routines.GetConfigValue;
import com.ecliptix.memberships.generated.routines.SetConfigValue;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SetConfigValue and GetConfigValue called directly: their raw codes and the values the API refuses before
 * calling. That each limit takes a changed value into account, and the seeded defaults, are tested once,
 * through the API, in {@code configuration.ConfigurableLimitsTest}. These tests change SystemConfiguration,
 * so they live in a class (and a database) of their own, and every test restores the seeded values afterwards.
 */
@DatabaseTest
class ConfigurationRoutinesTest {

    /** A seeded int key the tests change. */
    private static final Limit LIMIT = Limit.MAX_OTP_ATTEMPTS;

    @AfterEach
    void restoreTheSeededValues(TestDatabase db) {
        for (Limit limit : Limit.values()) {
            db.update("UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = ? WHERE \"ConfigKey\" = ?",
                    String.valueOf(DocumentedDefaults.of(limit)), limit.key());
        }
    }

    private static SetConfigValue set(TestDatabase db, String key, String value) {
        SetConfigValue call = new SetConfigValue();
        call.setConfigKey(key);
        call.setConfigValue(value);
        return db.callAsOperator(call);
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
    void getConfigValueOfAnUnknownOrMissingKeyIsNull(TestDatabase db) {
        assertNull(get(db, "No.Such.Key"));
        assertNull(get(db, null));
        assertNull(get(db, LIMIT.key().toLowerCase(Locale.ROOT)), "keys are case-sensitive");
    }

    // ---------------------------------------------------------------- SetConfigValue

    @Test
    void setConfigValueOfAKnownKeyUpdatesItsValueAndUpdatedAt(TestDatabase db) {
        db.backdate("SystemConfiguration", "UpdatedAt", Duration.ofDays(1), "\"ConfigKey\" = ?", LIMIT.key());
        LocalDateTime before = updatedAt(db, LIMIT.key());

        SetConfigValue call = set(db, LIMIT.key(), "7");

        assertEquals("updated", call.getOutcome());
        assertEquals("7", get(db, LIMIT.key()));
        assertEquals(1, db.count("SystemConfiguration", "\"ConfigKey\" = ? AND \"DataType\" = 'int'", LIMIT.key()));
        assertTrue(updatedAt(db, LIMIT.key()).isAfter(before.plusHours(23)), "UpdatedAt is set by SetConfigValue");
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

        assertEquals("invalid_value", set(db, LIMIT.key(), value).getOutcome());

        assertEquals(String.valueOf(DocumentedDefaults.of(LIMIT)), get(db, LIMIT.key()));
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
}
