package com.ecliptix.memberships.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.TestDatabase;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every limit falls back to its documented default when its key is missing or its stored value is not a
 * whole number > 0, and the Java API answers exactly as the routines' reader (config_int) does, because it
 * asks the database (GetLimit) instead of parsing on its own. One test per limit, named by its key.
 */
@DatabaseTest
class LimitDefaultsTest {

    /**
     * Stored values that are not limits: zero, signs, blanks, decimals, other scripts' digits (Arabic-Indic
     * three, full-width five), past INT range, empty.
     */
    private static final List<String> NOT_A_LIMIT = List.of("0", "-5", "+5", " 5", "5 ", "5.0", "\u0663", "\uFF15",
            "2147483648", "99999999999999999999", "", "five");

    static Stream<Arguments> documentedDefaults() {
        return DocumentedDefaults.byKey().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyLimitHasADocumentedDefault() {
        assertEquals(new TreeSet<>(DocumentedDefaults.byKey().keySet()),
                new TreeSet<>(Arrays.stream(Limit.values()).map(Limit::key).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedDefaults")
    void aMissingOrUnreadableValueFallsBackToTheDocumentedDefault(String key, int documented, TestDatabase db) {
        Limit limit = Arrays.stream(Limit.values()).filter(l -> l.key().equals(key)).findFirst().orElseThrow();
        Optional<String> stored = db.api().configuration().value(key);
        try {
            db.update("DELETE FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", key);

            assertEquals(new LimitSetting(limit, documented, documented, Optional.empty()), db.api().configuration().setting(limit));
            assertEquals(documented, configInt(db, key), "the routines' reader");

            db.update("INSERT INTO dbo.\"SystemConfiguration\" (\"ConfigKey\", \"ConfigValue\", \"DataType\") VALUES (?, '7', 'int')", key);
            assertEquals(7, db.api().configuration().limit(limit), "a stored value wins");
            assertEquals(7, configInt(db, key));
            assertEquals(7, readAs(db, key, "007"), "leading zeros are digits");

            for (String bad : NOT_A_LIMIT) {
                assertEquals(documented, readAs(db, key, bad), "stored '" + bad + "'");
            }
        } finally {
            db.update("DELETE FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", key);
            stored.ifPresent(value -> db.update("INSERT INTO dbo.\"SystemConfiguration\" (\"ConfigKey\", \"ConfigValue\", \"DataType\")"
                    + " VALUES (?, ?, 'int')", key, value));
        }
    }

    /** Stores a value past SetConfigValue (an operator's manual edit) and reads it through the API and config_int, which must agree. */
    private static int readAs(TestDatabase db, String key, String stored) {
        db.update("UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = ? WHERE \"ConfigKey\" = ?", stored, key);
        Limit limit = Arrays.stream(Limit.values()).filter(l -> l.key().equals(key)).findFirst().orElseThrow();
        int api = db.api().configuration().limit(limit);
        assertEquals(configInt(db, key), api, "the API and config_int agree on '" + stored + "'");
        return api;
    }

    private static int configInt(TestDatabase db, String key) {
        return (int) db.queryLong("SELECT ecliptix_internal.config_int(?)", key);
    }
}
