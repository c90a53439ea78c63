package com.ecliptix.memberships.internal;

import java.util.Map;
import org.jooq.Parameter;

/**
 * What one routine call returned: its output parameters (and a function's return value), read by the
 * generated routine class's parameter constants, e.g. {@code outputs.get(LoginMembership.OUTCOME)}. The
 * routine object's own getters stay empty, because {@link RoutineCalls} does not run it through jOOQ.
 */
public final class Outputs {

    private final Map<Parameter<?>, Object> values;

    Outputs(Map<Parameter<?>, Object> values) {
        this.values = values;
    }

    /** The output's value, null when the routine returned NULL; fails for a parameter that is not an output. */
    @SuppressWarnings("unchecked")
    public <T> T get(Parameter<T> output) {
        if (!values.containsKey(output)) {
            throw new IllegalArgumentException(output.getName() + " is not an output of this call");
        }
        return (T) values.get(output);
    }
}
