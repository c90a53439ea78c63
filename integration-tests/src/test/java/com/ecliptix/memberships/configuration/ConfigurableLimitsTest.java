package com.ecliptix.memberships.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.login.LoginResult;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits live in SystemConfiguration and a change takes effect on the next call. */
@DatabaseTest
class ConfigurableLimitsTest {

    @AfterEach
    void restoreDefaults(TestDatabase db) {
        for (Limit limit : Limit.values()) {
            db.api().configuration().setLimit(limit, limit.defaultValue());
        }
    }

    @Test
    void everyLimitStartsAtTheContractsDefault(TestDatabase db) {
        for (Limit limit : Limit.values()) {
            assertEquals(Optional.of(Integer.toString(limit.defaultValue())), db.api().configuration().value(limit.key()), limit.key());
        }
        assertEquals(Duration.ofMinutes(5), db.api().configuration().duration(Limit.LOGIN_ATTEMPT_WINDOW));
        assertEquals(Duration.ofHours(24), db.api().configuration().duration(Limit.VERIFIED_FLOW_LIFETIME));
    }

    @Test
    void aLowerFailedLoginLimitTakesEffectOnTheNextLogin(TestDatabase db) {
        String phone = Phones.unique();
        assertEquals(ConfigUpdateOutcome.UPDATED, db.api().configuration().setLimit(Limit.MAX_FAILED_LOGINS, 2));
        assertEquals(ConfigUpdateOutcome.UPDATED, db.api().configuration().setDuration(Limit.LOCKOUT_DURATION, Duration.ofMinutes(7)));

        db.api().logins().login(phone);
        LoginResult second = db.api().logins().login(phone);

        assertEquals(Duration.ofMinutes(7), second.lockedFor().orElseThrow());
        assertEquals(LoginOutcome.LOCKED_OUT, db.api().logins().login(phone).outcome());
    }

    @Test
    void aStoredValueThatDoesNotParseFallsBackToTheDefault(TestDatabase db) {
        String phone = Phones.unique();
        db.update("UPDATE dbo.\"SystemConfiguration\" SET \"ConfigValue\" = 'lots' WHERE \"ConfigKey\" = ?", Limit.MAX_FAILED_LOGINS.key());

        for (int i = 0; i < 4; i++) {
            assertTrue(db.api().logins().login(phone).lockedFor().isEmpty());
        }
        assertTrue(db.api().logins().login(phone).lockedFor().isPresent(), "the default of 5 applies");
        assertEquals(5, db.api().configuration().limit(Limit.MAX_FAILED_LOGINS));
    }

    @Test
    void invalidValuesAreRejectedAndChangeNothing(TestDatabase db) {
        long rows = db.count("SystemConfiguration");

        assertEquals("ConfigValue", assertThrows(InvalidInputException.class,
                () -> db.api().configuration().set(Limit.MAX_FAILED_LOGINS.key(), "0")).parameter());
        assertEquals("ConfigValue", assertThrows(InvalidInputException.class,
                () -> db.api().configuration().set(Limit.MAX_FAILED_LOGINS.key(), "five")).parameter());
        assertThrows(InvalidInputException.class, () -> db.api().configuration().setLimit(Limit.MAX_FLOWS_PER_HOUR, -1));
        assertThrows(InvalidInputException.class, () -> db.api().configuration().setDuration(Limit.LOCKOUT_DURATION, Duration.ofSeconds(90)));
        assertThrows(InvalidInputException.class, () -> db.api().configuration().duration(Limit.MAX_OTP_ATTEMPTS));

        assertEquals(rows, db.count("SystemConfiguration"));
        assertEquals(Optional.of("5"), db.api().configuration().value(Limit.MAX_FAILED_LOGINS.key()));
    }

    @Test
    void aNewKeyIsCreatedAsText(TestDatabase db) {
        assertEquals(ConfigUpdateOutcome.CREATED, db.api().configuration().set("Feature.Banner", "hello"));
        assertEquals(ConfigUpdateOutcome.UPDATED, db.api().configuration().set("Feature.Banner", "bye"));
        assertEquals(Optional.of("bye"), db.api().configuration().value("Feature.Banner"));
        assertEquals(Optional.empty(), db.api().configuration().value("Feature.Missing"));
        assertEquals("string", db.queryString("SELECT \"DataType\" FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", "Feature.Banner"));
    }
}
