package com.ecliptix.memberships.internal;

import java.util.Map;
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
