package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.RoutineCallException;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Parameter;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.AbstractRoutine;

/**
 * How the domain APIs reach the database: generated routines and table-valued functions, one
 * transaction per call or per flow step, every database failure turned into {@link RoutineCallException}.
 */
public final class RoutineCalls {

    private final DSLContext dsl;

    public RoutineCalls(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Executes a generated routine whose inputs are set; its outputs are read from it afterwards. */
    public <R extends AbstractRoutine<?>> R call(R routine) {
        try {
            bindOutputsAsNull(routine);
            routine.execute(dsl.configuration());
            return routine;
        } catch (DataAccessException e) {
            throw new RoutineCallException(routine.getName(), describe(e), e);
        }
    }

    /**
     * Binds every output (PostgreSQL {@code INOUT ... DEFAULT NULL}) as NULL. Left unset, jOOQ treats such a
     * parameter as defaulted and leaves it out of the call, and then cannot register it as an output.
     */
    public static void bindOutputsAsNull(AbstractRoutine<?> routine) {
        for (Parameter<?> parameter : routine.getOutParameters()) {
            if (routine.getInParameters().contains(parameter)) {
                bindNull(routine, parameter);
            }
        }
    }

    private static <Z> void bindNull(AbstractRoutine<?> routine, Parameter<Z> parameter) {
        routine.setValue(parameter, null);
    }

    /**
     * Reads the one row (or none) of a table-valued function call such as {@code GET_PHONE_NUMBER(id)}.
     * The call is aliased, so its columns are qualified by the alias rather than by schema and function
     * name, which T-SQL rejects.
     */
    public <R extends Record> Optional<R> fetchOne(Table<R> functionCall) {
        try {
            Table<R> aliased = functionCall.as("f");
            return dsl.selectFrom(aliased).fetchOptional();
        } catch (DataAccessException e) {
            throw new RoutineCallException(functionCall.getName(), describe(e), e);
        }
    }

    /**
     * Runs a flow step of several calls in one transaction: all of them take effect or none. Nested
     * steps join the outer transaction.
     */
    public <T> T transaction(String step, Function<RoutineCalls, T> work) {
        try {
            return dsl.transactionResult(configuration -> work.apply(new RoutineCalls(configuration.dsl())));
        } catch (DataAccessException e) {
            throw new RoutineCallException(step, describe(e), e);
        }
    }

    private static String describe(DataAccessException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }
}
