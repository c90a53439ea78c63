package com.ecliptix.memberships.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * The query of one generated table-valued function, worked out once as {@link RoutineStatement} is:
 * {@code SELECT f."Col", ... FROM "dbo"."Name"(?, ...) AS f}. Its columns are qualified by the alias,
 * because T-SQL rejects them qualified by schema and function name.
 *
 * <p>The arguments are the generated class's: its {@code call(...)} method with plain (not {@code Field})
 * parameters gives their types, and each call's arguments are checked against them, so a changed function
 * fails its first call by name. (jOOQ holds a call's arguments where only its own rendering reaches them,
 * at about 8 µs a call.)
 */
final class TableFunctionStatement {

    private final String sql;
    private final Class<?>[] argumentTypes;
    private final JdbcType[] arguments;
    private final Field<?>[] columns;
    private final JdbcType[] columnTypes;

    TableFunctionStatement(Table<?> function, boolean postgres) {
        Class<?>[] types = argumentTypes(function);
        arguments = Arrays.stream(types).map(t -> JdbcType.of(t, postgres)).toArray(JdbcType[]::new);
        columns = function.fields();
        columnTypes = Arrays.stream(columns).map(c -> JdbcType.of(c.getDataType(), postgres)).toArray(JdbcType[]::new);
        sql = "SELECT " + Arrays.stream(columns).map(c -> "f." + RoutineStatement.quoted(c.getName()))
                .collect(Collectors.joining(", "))
                + " FROM " + RoutineStatement.qualified(function.getSchema().getName(), function.getName())
                + "(" + RoutineStatement.placeholders(arguments.length) + ") AS f";
        argumentTypes = types;
    }

    private static Class<?>[] argumentTypes(Table<?> function) {
        return Arrays.stream(function.getClass().getMethods())
                .filter(m -> m.getName().equals("call") && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getParameterTypes)
                .filter(p -> Arrays.stream(p).noneMatch(Field.class::isAssignableFrom))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(function.getName() + " is not a generated table-valued function"));
    }

    String sql() {
        return sql;
    }

    /** The function's one row, or none, as the generated record type. */
    <R extends Record> Optional<R> fetchOne(Connection connection, DSLContext dsl, Table<R> function, Object[] callArguments)
            throws SQLException {
        if (callArguments.length != arguments.length) {
            throw new IllegalArgumentException(function.getName() + " takes " + arguments.length + " arguments, called with "
                    + callArguments.length);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                Object argument = callArguments[i];
                if (argument != null && !argumentTypes[i].isInstance(argument)) {
                    throw new IllegalArgumentException(function.getName() + " argument " + (i + 1) + " is a "
                            + argumentTypes[i].getSimpleName() + ", not a " + argument.getClass().getSimpleName());
                }
                arguments[i].set(statement, i + 1, argument);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                R record = dsl.newRecord(function);
                for (int i = 0; i < columns.length; i++) {
                    @SuppressWarnings("unchecked")
                    Field<Object> column = (Field<Object>) columns[i];
                    record.set(column, columnTypes[i].column(rows, i + 1));
                }
                record.changed(false);
                return Optional.of(record);
            }
        }
    }
}
