package com.ecliptix.memberships.internal.domain;

import static com.ecliptix.memberships.generated.Tables.GET_LIMIT;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.RoutineCallException;
import com.ecliptix.memberships.configuration.ConfigUpdateOutcome;
import com.ecliptix.memberships.configuration.Configuration;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.configuration.LimitSetting;
import com.ecliptix.memberships.generated.routines.GetConfigValue;
import com.ecliptix.memberships.generated.routines.SetConfigValue;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@link Configuration} over the routines. */
public final class DefaultConfiguration implements Configuration {

    private final RoutineCalls routines;

    public DefaultConfiguration(RoutineCalls routines) {
        this.routines = routines;
    }

    @Override
    public Optional<String> value(String key) {
        Outputs out = routines.call(RoutineCall.of(GetConfigValue.class)
                .set(GetConfigValue.CONFIG_KEY, Inputs.text("ConfigKey", key, MAX_KEY_LENGTH)));
        return Optional.ofNullable(out.get(GetConfigValue.RETURN_VALUE));
    }

    @Override
    public ConfigUpdateOutcome set(String key, String value) {
        Outputs out = routines.call(RoutineCall.of(SetConfigValue.class)
                .set(SetConfigValue.CONFIG_KEY, Inputs.text("ConfigKey", key, MAX_KEY_LENGTH))
                .set(SetConfigValue.CONFIG_VALUE, Inputs.required("ConfigValue", value)));
        return Codes.parse(out.routine(), ConfigUpdateOutcome.class, out.get(SetConfigValue.OUTCOME),
                Map.of("invalid_value", "ConfigValue"));
    }

    @Override
    public LimitSetting setting(Limit limit) {
        Inputs.required("limit", limit);
        return routines.fetchOne(GET_LIMIT, limit.key())
                .map(row -> new LimitSetting(limit, row.getEffectiveValue(), row.getDefaultValue(),
                        Optional.ofNullable(row.getConfigValue())))
                .orElseThrow(() -> new RoutineCallException(GET_LIMIT.getName(), limit.key() + " is not a limit of this database", null));
    }

    @Override
    public int limit(Limit limit) {
        return setting(limit).value();
    }

    @Override
    public ConfigUpdateOutcome setLimit(Limit limit, int value) {
        return set(limit.key(), Integer.toString(Inputs.positive(limit.key(), value)));
    }

    @Override
    public Duration duration(Limit limit) {
        return limit.toDuration(limit(requireDuration(limit)));
    }

    @Override
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
