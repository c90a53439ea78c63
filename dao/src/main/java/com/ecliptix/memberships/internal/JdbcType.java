package com.ecliptix.memberships.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.UUID;
import org.jooq.Converter;
import org.jooq.DataType;

/**
 * How one generated parameter's or column's values are bound and read over JDBC: its converter (such as
 * {@code Instant} to the column's {@code LocalDateTime}) and the driver calls for the database-side type,
 * for the types the schema uses. PostgreSQL's driver takes {@code UUID} natively; on SQL Server a
 * {@code UNIQUEIDENTIFIER} travels as its text, as jOOQ's own binding does for engines without a UUID type.
 */
final class JdbcType {

    @FunctionalInterface
    private interface Setter {
        void set(PreparedStatement statement, int index, Object value) throws SQLException;
    }

    @FunctionalInterface
    private interface Reader<S> {
        Object read(S source, int index) throws SQLException;
    }

    private final int sqlType;
    private final Setter setter;
    private final Reader<CallableStatement> output;
    private final Reader<ResultSet> column;
    private final Converter<Object, Object> converter;

    private JdbcType(int sqlType, Setter setter, Reader<CallableStatement> output, Reader<ResultSet> column,
                     Converter<Object, Object> converter) {
        this.sqlType = sqlType;
        this.setter = setter;
        this.output = output;
        this.column = column;
        this.converter = converter;
    }

    /** The binding of a generated data type on the engine; fails for a type the schema has not used so far. */
    @SuppressWarnings("unchecked")
    static JdbcType of(DataType<?> dataType, boolean postgres) {
        return of(dataType.getFromType(), (Converter<Object, Object>) (Converter<?, ?>) dataType.getConverter(), postgres);
    }

    /** The binding of a plain Java type (no converter), such as a table-valued function's argument. */
    static JdbcType of(Class<?> type, boolean postgres) {
        return of(type, Converter.ofNullable(Object.class, Object.class, v -> v, v -> v), postgres);
    }

    private static JdbcType of(Class<?> type, Converter<Object, Object> converter, boolean postgres) {
        if (type == UUID.class) {
            return postgres
                    ? new JdbcType(Types.OTHER, PreparedStatement::setObject, CallableStatement::getObject,
                            (rs, i) -> rs.getObject(i, UUID.class), converter)
                    : new JdbcType(Types.VARCHAR, (s, i, v) -> s.setString(i, v.toString()),
                            (cs, i) -> uuid(cs.getString(i)), (rs, i) -> uuid(rs.getString(i)), converter);
        }
        if (type == LocalDateTime.class) {
            // Written as LocalDateTime, with no time zone involved; PostgreSQL's driver reads an output only as Timestamp.
            return new JdbcType(Types.TIMESTAMP, PreparedStatement::setObject,
                    (cs, i) -> localDateTime(cs.getTimestamp(i)), (rs, i) -> rs.getObject(i, LocalDateTime.class), converter);
        }
        if (type == String.class) {
            return new JdbcType(Types.VARCHAR, PreparedStatement::setObject, CallableStatement::getString,
                    ResultSet::getString, converter);
        }
        if (type == byte[].class) {
            // PostgreSQL's driver checks an output's registered type against bytea's, which is BINARY.
            return new JdbcType(postgres ? Types.BINARY : Types.VARBINARY, PreparedStatement::setObject,
                    CallableStatement::getBytes, ResultSet::getBytes, converter);
        }
        int sqlType = type == Integer.class ? Types.INTEGER
                : type == Long.class ? Types.BIGINT
                : type == Short.class ? Types.SMALLINT
                : type == Boolean.class ? Types.BOOLEAN
                : Types.NULL;
        if (sqlType == Types.NULL) {
            throw new IllegalStateException("No JDBC binding for " + type.getName() + ": add it to JdbcType");
        }
        return new JdbcType(sqlType, PreparedStatement::setObject, (cs, i) -> type.cast(cs.getObject(i)),
                (rs, i) -> rs.getObject(i, type), converter);
    }

    /** Binds a value of the generated (user-side) type; null as a typed NULL. */
    void set(PreparedStatement statement, int index, Object value) throws SQLException {
        Object databaseValue = converter.to(value);
        if (databaseValue == null) {
            statement.setNull(index, sqlType);
        } else {
            setter.set(statement, index, databaseValue);
        }
    }

    void registerOutput(CallableStatement statement, int index) throws SQLException {
        statement.registerOutParameter(index, sqlType);
    }

    Object output(CallableStatement statement, int index) throws SQLException {
        return converter.from(output.read(statement, index));
    }

    Object column(ResultSet row, int index) throws SQLException {
        return converter.from(column.read(row, index));
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    private static LocalDateTime localDateTime(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toLocalDateTime();
    }
}
