package com.ecliptix.memberships.internal;

import java.util.Map;
import java.util.Optional;
import org.jooq.Parameter;

/**
 * What one routine call returned: its output parameters (and a function's return value), read by the
 * generated routine class's parameter constants, e.g. {@code outputs.get(LoginMembership.OUTCOME)}.
 */
public final class Outputs {

    private final String routine;
    private final Map<Parameter<?>, Object> values;

    Outputs(String routine, Map<Parameter<?>, Object> values) {
        this.routine = routine;
        this.values = values;
    }

    /** The contract name of the routine that returned these, e.g. {@code LoginMembership}. */
    public String routine() {
        return routine;
    }

    /**
     * The routine's answer for metrics: its {@code Outcome} output, else its {@code Result} output (the
     * attempt loggers'), when it has one and the call set it.
     */
    public Optional<String> outcome() {
        for (String name : new String[] {"Outcome", "Result"}) {
            for (Map.Entry<Parameter<?>, Object> output : values.entrySet()) {
                if (output.getKey().getName().equals(name) && output.getValue() instanceof String text) {
                    return Optional.of(text);
                }
            }
        }
        return Optional.empty();
    }

    /** Every output by its parameter constant, for an instance of the generated class. */
    Map<Parameter<?>, Object> values() {
        return values;
    }

    /** The output's value, null when the routine returned NULL; fails for a parameter that is not an output. */
    @SuppressWarnings("unchecked")
    public <T> T get(Parameter<T> output) {
        if (!values.containsKey(output)) {
            throw new IllegalArgumentException(output.getName() + " is not an output of " + routine);
        }
        return (T) values.get(output);
    }
}
