package com.ecliptix.memberships.configuration;

import static com.ecliptix.memberships.generated.Tables.GET_LIMIT;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.RoutineCallException;
import com.ecliptix.memberships.generated.routines.GetConfigValue;
import com.ecliptix.memberships.generated.routines.SetConfigValue;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.DomainConstructors;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * SystemConfiguration: the limits the routines read on every call (a change takes effect on the next
 * call) and free-form settings.
 */
public final class Configuration {

    /** The longest key the schema stores. */
    public static final int MAX_KEY_LENGTH = 100;

    private final RoutineCalls routines;

    static {
        DomainConstructors.register(Configuration.class, Configuration::new);
    }

    Configuration(RoutineCalls routines) {
        this.routines = routines;
    }

    /** The stored value of a key, if the key exists. */
    public Optional<String> value(String key) {
        Outputs out = routines.call(RoutineCall.of(GetConfigValue.class)
                .set(GetConfigValue.CONFIG_KEY, Inputs.text("ConfigKey", key, MAX_KEY_LENGTH)));
        return Optional.ofNullable(out.get(GetConfigValue.RETURN_VALUE));
    }

    /**
     * Stores a value. Existing keys keep their data type and the value must parse as it ({@code int}
     * limits must also be greater than 0); a new key is created as {@code string}.
     *
     * @throws InvalidInputException for an empty or over-long key, a null value, or a value that does not
     *                               parse as the key's type; nothing is written
     */
    public ConfigUpdateOutcome set(String key, String value) {
        Outputs out = routines.call(RoutineCall.of(SetConfigValue.class)
                .set(SetConfigValue.CONFIG_KEY, Inputs.text("ConfigKey", key, MAX_KEY_LENGTH))
                .set(SetConfigValue.CONFIG_VALUE, Inputs.required("ConfigValue", value)));
        return Codes.parse(out.routine(), ConfigUpdateOutcome.class, out.get(SetConfigValue.OUTCOME),
                Map.of("invalid_value", "ConfigValue"));
    }

    /**
     * A limit as the routines see it: the value they use, its default and the stored value, read from the
     * database ({@code GetLimit}), which alone decides what a stored value means.
     */
    public LimitSetting setting(Limit limit) {
        Inputs.required("limit", limit);
        return routines.fetchOne(GET_LIMIT, limit.key())
                .map(row -> new LimitSetting(limit, row.getEffectiveValue(), row.getDefaultValue(), Optional.ofNullable(row.getConfigValue())))
                .orElseThrow(() -> new RoutineCallException(GET_LIMIT.getName(), limit.key() + " is not a limit of this database", null));
    }

    /** The value the routines use for a limit: the stored one, or the default when it is missing or invalid. */
    public int limit(Limit limit) {
        return setting(limit).value();
    }

    /** Sets a limit; it takes effect on the next routine call. */
    public ConfigUpdateOutcome setLimit(Limit limit, int value) {
        return set(limit.key(), Integer.toString(Inputs.positive(limit.key(), value)));
    }

    /** A time limit as a duration. */
    public Duration duration(Limit limit) {
        return limit.toDuration(limit(requireDuration(limit)));
    }

    /**
     * Sets a time limit. The schema stores whole units (minutes, hours or seconds, by limit).
     *
     * @throws InvalidInputException when the duration is not a positive whole number of the limit's unit
     */
    public ConfigUpdateOutcome setDuration(Limit limit, Duration duration) {
        Inputs.required(limit.key(), duration);
        long units = duration.dividedBy(requireDuration(limit).unit().getDuration());
        if (units <= 0 || units > Integer.MAX_VALUE || !limit.toDuration((int) units).equals(duration)) {
            throw new InvalidInputException(limit.key(), "must be a positive whole number of " + limit.unit());
        }
        return setLimit(limit, (int) units);
    }

    private static Limit requireDuration(Limit limit) {
        if (!Inputs.required("limit", limit).isDuration()) {
            throw new InvalidInputException("limit", limit + " is a count, not a duration");
        }
        return limit;
    }
}
