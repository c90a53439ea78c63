package com.ecliptix.memberships;

import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.RoutineCalls;
import java.util.Optional;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.AbstractRoutine;

/**
 * The generated routine classes ({@code com.ecliptix.memberships.generated.routines}) and table-valued
 * functions ({@code ...generated.tables}, {@code ...generated.Tables}) executed the way the typed API
 * executes them, on PostgreSQL and SQL Server alike: one plain JDBC call per routine, in its own
 * transaction, at READ COMMITTED, every failure a {@link RoutineCallException} naming the routine.
 *
 * <pre>{@code
 * LoginMembership login = new LoginMembership();
 * login.setPhoneNumber("+14155550100");
 * db.generatedRoutines().execute(login);
 * String outcome = login.getOutcome();
 * }</pre>
 *
 * A parameter renamed or retyped in the schema renames or retypes the generated setter, getter and
 * constant, so the application's code stops compiling (docs/generated-wrappers.md). Do not call the
 * generated {@code execute(Configuration)} or {@code Routines} methods instead: jOOQ leaves an output that
 * was not set out of the call ({@code INOUT ... DEFAULT NULL} on PostgreSQL) and then cannot read it, and
 * its open-source edition has no SQL Server dialect.
 */
public final class GeneratedRoutines {

    private final RoutineCalls routines;

    GeneratedRoutines(RoutineCalls routines) {
        this.routines = routines;
    }

    /**
     * Calls the routine with the inputs set on it (an input not set is NULL; outputs need none) and returns
     * the same instance with its outputs read: its getters, {@code get(PARAMETER)} and, for
     * {@code GetConfigValue}, {@code getReturnValue()}. Executing an instance again replaces its outputs.
     *
     * @throws RoutineCallException when the database call fails (the call's transaction was rolled back)
     * @throws IllegalStateException on the module path without
     *                               {@code --add-opens org.jooq/org.jooq.impl=com.ecliptix.memberships}, which
     *                               jOOQ needs for outputs set from outside its own {@code execute}
     */
    public <R extends AbstractRoutine<?>> R execute(R routine) {
        return routines.execute(Inputs.required("routine", routine));
    }

    /**
     * The one row (or none) of a generated table-valued function, e.g.
     * {@code fetchOne(Tables.GET_FULL_FLOW_STATE, flowUniqueId)}, with the arguments of its {@code call}
     * method in order; they are checked against those types when called.
     *
     * @throws IllegalArgumentException when the number or types of the arguments do not match the function
     * @throws RoutineCallException     when the database call fails
     */
    public <R extends Record> Optional<R> fetchOne(Table<R> function, Object... arguments) {
        return routines.fetchOne(Inputs.required("function", function), arguments);
    }
}
