package com.ecliptix.memberships.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Parameter;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.AbstractRoutine;
import org.jooq.impl.DSL;

/**
 * How the domain APIs reach the database: generated routines and table-valued functions, each call in a
 * transaction of its own or of the flow step it belongs to ({@link Transactions}), every database failure
 * turned into the API's exceptions ({@link DatabaseFailures}).
 *
 * <p>The generated classes give the calls their names and types, so a schema change that breaks a caller
 * still fails its compile (a table-valued function's arguments: its first call); each class's JDBC
 * statement is worked out once ({@link RoutineStatement}, {@link TableFunctionStatement}) and then executed
 * as plain JDBC.
 */
public final class RoutineCalls {

    private final Transactions transactions;
    /** The flow step's connection, inside {@link #transaction}; null outside. */
    private final Connection stepConnection;
    /** Without a connection: builds the generated records of table-valued function rows. */
    private final DSLContext records;
    private final boolean postgres;
    private final Map<Class<?>, RoutineStatement> routineStatements;
    private final Map<Class<?>, TableFunctionStatement> functionStatements;
    /** Shared with the flow steps' instances; empty unless metrics are bound. */
    private final List<RoutineObserver> observers;

    public RoutineCalls(Transactions transactions) {
        this(transactions, null, DSL.using(transactions.dialect()), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                new CopyOnWriteArrayList<>());
    }

    private RoutineCalls(Transactions transactions, Connection stepConnection, DSLContext records,
                         Map<Class<?>, RoutineStatement> routineStatements,
                         Map<Class<?>, TableFunctionStatement> functionStatements, List<RoutineObserver> observers) {
        this.transactions = transactions;
        this.stepConnection = stepConnection;
        this.records = records;
        this.postgres = transactions.dialect() == SQLDialect.POSTGRES;
        this.routineStatements = routineStatements;
        this.functionStatements = functionStatements;
        this.observers = observers;
    }

    /** Tells the observer about every later call, of this object and of its flow steps. */
    public void observe(RoutineObserver observer) {
        observers.add(observer);
    }

    /** Makes the call, e.g. {@code call(RoutineCall.of(LoginMembership.class).set(...))}, and returns its outputs. */
    public Outputs call(RoutineCall call) {
        RoutineStatement statement = routineStatements.computeIfAbsent(call.routine(),
                type -> new RoutineStatement(prototype(call.routine()), postgres));
        if (observers.isEmpty()) {
            return withConnection(statement.name(), connection -> statement.call(connection, call));
        }
        long start = System.nanoTime();
        try {
            Outputs outputs = withConnection(statement.name(), connection -> statement.call(connection, call));
            long nanos = System.nanoTime() - start;
            observers.forEach(o -> o.returned(call, outputs, nanos));
            return outputs;
        } catch (RuntimeException e) {
            long nanos = System.nanoTime() - start;
            observers.forEach(o -> o.failed(statement.name(), e, nanos));
            throw e;
        }
    }

    /**
     * Makes the call of an application's instance of a generated routine class: its inputs as set, by the same
     * plain JDBC as {@link #call}; returns the instance with its outputs set (see {@link GeneratedRoutineInstances}).
     */
    public <R extends AbstractRoutine<?>> R execute(R routine) {
        GeneratedRoutineInstances.setOutputs(routine, call(GeneratedRoutineInstances.callOf(routine)));
        return routine;
    }

    /** An instance of a generated routine class, read once for its name and parameters. */
    private static AbstractRoutine<?> prototype(Class<? extends AbstractRoutine<?>> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " is not a generated routine class", e);
        }
    }

    /**
     * Binds every output (PostgreSQL {@code INOUT ... DEFAULT NULL}) as NULL, for a routine run through jOOQ's
     * own {@code execute} (tests, benchmarks). Left unset, jOOQ treats such a parameter as defaulted and leaves
     * it out of the call, and then cannot register it as an output.
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
     * Reads the one row (or none) of a generated table-valued function, such as
     * {@code fetchOne(GET_PHONE_NUMBER, phoneNumberUniqueId)}, with the arguments of its {@code call} method.
     */
    public <R extends Record> Optional<R> fetchOne(Table<R> function, Object... arguments) {
        TableFunctionStatement statement = functionStatements.computeIfAbsent(function.getClass(),
                c -> new TableFunctionStatement(function, postgres));
        if (observers.isEmpty()) {
            return withConnection(function.getName(), connection -> statement.fetchOne(connection, records, function, arguments));
        }
        long start = System.nanoTime();
        try {
            Optional<R> row = withConnection(function.getName(), connection -> statement.fetchOne(connection, records, function, arguments));
            long nanos = System.nanoTime() - start;
            observers.forEach(o -> o.read(function.getName(), row.isPresent(), nanos));
            return row;
        } catch (RuntimeException e) {
            long nanos = System.nanoTime() - start;
            observers.forEach(o -> o.failed(function.getName(), e, nanos));
            throw e;
        }
    }

    /**
     * Runs a flow step of several calls in one transaction: all of them take effect or none. Nested
     * steps join the outer transaction.
     */
    public <T> T transaction(String step, Function<RoutineCalls, T> work) {
        if (stepConnection != null) {
            return work.apply(this);
        }
        return transactions.step(step, connection -> work.apply(
                new RoutineCalls(transactions, connection, records, routineStatements, functionStatements, observers)));
    }

    /** Inside a flow step on its connection; otherwise in a transaction of the call's own. */
    private <T> T withConnection(String routine, Transactions.Work<T> work) {
        if (stepConnection == null) {
            return transactions.call(routine, work);
        }
        try {
            return work.run(stepConnection);
        } catch (SQLException e) {
            throw DatabaseFailures.of(routine, e, DatabaseFailures.Stage.IN_TRANSACTION);
        }
    }
}
