package com.ecliptix.memberships.internal;

import java.util.Arrays;
import org.jooq.Parameter;
import org.jooq.impl.AbstractRoutine;

/**
 * One call of a generated routine: the routine class and the inputs set by its parameter constants, as in
 * {@code RoutineCall.of(LoginMembership.class).set(LoginMembership.PHONE_NUMBER, number)}. The constants
 * are typed, so a renamed parameter or a changed type fails the compile of its caller. Cheaper than an
 * instance of the generated class, whose constructor builds jOOQ's bind values for every parameter.
 */
public final class RoutineCall {

    private final Class<? extends AbstractRoutine<?>> routine;
    private Parameter<?>[] parameters = new Parameter<?>[4];
    private Object[] values = new Object[4];
    private int size;

    private RoutineCall(Class<? extends AbstractRoutine<?>> routine) {
        this.routine = routine;
    }

    public static RoutineCall of(Class<? extends AbstractRoutine<?>> routine) {
        return new RoutineCall(routine);
    }

    /** Sets an input; an output that is also an input (PostgreSQL {@code INOUT}) needs none. */
    public <T> RoutineCall set(Parameter<T> parameter, T value) {
        if (size == parameters.length) {
            parameters = Arrays.copyOf(parameters, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        parameters[size] = parameter;
        values[size] = value;
        size++;
        return this;
    }

    /** The generated routine class called. */
    public Class<? extends AbstractRoutine<?>> routine() {
        return routine;
    }

    /** The value set for an input, or null when it was not set. */
    @SuppressWarnings("unchecked")
    public <T> T input(Parameter<T> parameter) {
        int index = indexOf(parameter);
        return index < 0 ? null : (T) values[index];
    }

    int size() {
        return size;
    }

    Parameter<?> parameter(int index) {
        return parameters[index];
    }

    /** The index of the parameter's value, or -1 when it was not set. */
    int indexOf(Parameter<?> parameter) {
        for (int i = 0; i < size; i++) {
            if (parameters[i] == parameter) {
                return i;
            }
        }
        return -1;
    }

    Object value(int index) {
        return values[index];
    }
}
