package com.ecliptix.memberships.configuration;

import com.ecliptix.memberships.InvalidInputException;
import java.time.Duration;
import java.util.Optional;

/**
 * SystemConfiguration: the limits the routines read on every call (a change takes effect on the next
 * call) and free-form settings.
 */
public interface Configuration {

    /** The longest key the schema stores. */
    int MAX_KEY_LENGTH = 100;

    /** The stored value of a key, if the key exists. */
    Optional<String> value(String key);

    /**
     * Stores a value. Existing keys keep their data type and the value must parse as it ({@code int}
     * limits must also be greater than 0); a new key is created as {@code string}.
     *
     * @throws InvalidInputException for an empty or over-long key, a null value, or a value that does not
     *                               parse as the key's type; nothing is written
     */
    ConfigUpdateOutcome set(String key, String value);

    /**
     * A limit as the routines see it: the value they use, its default and the stored value, read from the
     * database ({@code GetLimit}), which alone decides what a stored value means.
     */
    LimitSetting setting(Limit limit);

    /** The value the routines use for a limit: the stored one, or the default when it is missing or invalid. */
    int limit(Limit limit);

    /** Sets a limit; it takes effect on the next routine call. */
    ConfigUpdateOutcome setLimit(Limit limit, int value);

    /** A time limit as a duration. */
    Duration duration(Limit limit);

    /**
     * Sets a time limit. The schema stores whole units (minutes, hours or seconds, by limit).
     *
     * @throws InvalidInputException when the duration is not a positive whole number of the limit's unit
     */
    ConfigUpdateOutcome setDuration(Limit limit, Duration duration);
}
