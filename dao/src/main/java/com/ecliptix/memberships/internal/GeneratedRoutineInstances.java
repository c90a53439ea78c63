package com.ecliptix.memberships.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.Map;
import org.jooq.Param;
import org.jooq.Parameter;
import org.jooq.impl.AbstractRoutine;

/**
 * Moves values between an application's instance of a generated routine class and a {@link RoutineCall}:
 * the inputs set on the instance go into the call, the call's outputs into the instance, where its getters
 * ({@code getOutcome()}, {@code getReturnValue()}) read them. The call itself is the typed API's plain JDBC.
 *
 * <p>jOOQ keeps a routine's outputs in a private map that only its own {@code execute} fills (no public
 * setter), so they are written there by reflection. That works on the class path, where applications
 * normally run; on the module path jOOQ does not open {@code org.jooq.impl}, and the failure says which
 * {@code --add-opens} lets it through.
 */
final class GeneratedRoutineInstances {

    static final String ADD_OPENS = "--add-opens org.jooq/org.jooq.impl=com.ecliptix.memberships";

    private static final Field OUT_VALUES = outValues();

    private GeneratedRoutineInstances() {
    }

    /**
     * The call of the routine's class with the inputs set on the instance. jOOQ holds every input as a bind
     * value, NULL until set; an input left NULL is bound as NULL, the typed API's rule, and every output
     * (PostgreSQL {@code INOUT ... DEFAULT NULL}) is bound and registered whether set or not.
     */
    @SuppressWarnings("unchecked")
    static RoutineCall callOf(AbstractRoutine<?> routine) {
        RoutineCall call = RoutineCall.of((Class<? extends AbstractRoutine<?>>) routine.getClass());
        for (Parameter<?> parameter : routine.getInParameters()) {
            // jOOQ's getInValue returns the bind value (a Param), whatever its declared type says.
            Object bound = routine.getInValue((Parameter<Object>) parameter);
            Object value = bound instanceof Param<?> param ? param.getValue() : null;
            if (value != null) {
                call.set((Parameter<Object>) parameter, value);
            }
        }
        return call;
    }

    /** Puts the call's outputs (and a function's return value) into the instance, replacing earlier ones. */
    @SuppressWarnings("unchecked")
    static void setOutputs(AbstractRoutine<?> routine, Outputs outputs) {
        if (OUT_VALUES == null) {
            throw new IllegalStateException("jOOQ does not let " + routine.getName() + "'s outputs be set on the module path;"
                    + " run with " + ADD_OPENS + ", or put jOOQ on the class path");
        }
        try {
            Map<Parameter<?>, Object> values = (Map<Parameter<?>, Object>) OUT_VALUES.get(routine);
            values.clear();
            values.putAll(outputs.values());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot set " + routine.getName() + "'s outputs: " + e.getMessage(), e);
        }
    }

    /** AbstractRoutine's map of outputs, or null where the module system keeps it closed. */
    private static Field outValues() {
        try {
            Field field = AbstractRoutine.class.getDeclaredField("outValues");
            field.setAccessible(true);
            if (!Map.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException("jOOQ's AbstractRoutine.outValues is no longer a Map: update GeneratedRoutineInstances");
            }
            return field;
        } catch (InaccessibleObjectException e) {
            return null;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("jOOQ's AbstractRoutine has no outValues any more: update GeneratedRoutineInstances", e);
        }
    }
}
