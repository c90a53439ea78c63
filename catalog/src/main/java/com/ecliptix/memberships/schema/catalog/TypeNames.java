package com.ecliptix.memberships.schema.catalog;

import java.util.Locale;

/**
 * Maps each engine's types to the contract's type pairs, so that both engines' catalogs compare equal:
 *
 * <table>
 *   <caption>normalized names</caption>
 *   <tr><th>SQL Server</th><th>PostgreSQL</th><th>snapshot</th></tr>
 *   <tr><td>UNIQUEIDENTIFIER</td><td>uuid</td><td>{@code uuid}</td></tr>
 *   <tr><td>DATETIME2(7)</td><td>timestamp(6)</td><td>{@code datetime}</td></tr>
 *   <tr><td>NVARCHAR(n)</td><td>varchar(n)</td><td>{@code text(n)}</td></tr>
 *   <tr><td>NVARCHAR(MAX)</td><td>text</td><td>{@code text(max)}</td></tr>
 *   <tr><td>BIT</td><td>boolean</td><td>{@code bool}</td></tr>
 *   <tr><td>BIGINT / INT / SMALLINT</td><td>bigint / integer / smallint</td><td>{@code bigint} / {@code int} / {@code smallint}</td></tr>
 *   <tr><td>VARBINARY(MAX)</td><td>bytea</td><td>{@code binary(max)}</td></tr>
 * </table>
 *
 * Types outside the pairs keep the engine's own spelling (spaces become underscores so that a type
 * is one word in the snapshot): a column drifting to {@code DATETIME2(3)} or {@code varchar} without
 * length is then reported as a change instead of being hidden by the normalization.
 *
 * <p>Routine signatures carry no lengths ({@link #signature}): the contract leaves parameter lengths
 * open (T-SQL declares inputs wide) and PostgreSQL keeps no length on parameters at all.
 */
final class TypeNames {

    static final String DATETIME = "datetime";

    private TypeNames() {
    }

    /** A PostgreSQL column type from {@code pg_type.typname}, {@code atttypmod} and {@code format_type}. */
    static String postgres(String typname, int typmod, String formatted) {
        return switch (typname) {
            case "uuid", "bool" -> typname;
            case "int2" -> "smallint";
            case "int4" -> "int";
            case "int8" -> "bigint";
            case "text" -> "text(max)";
            case "varchar" -> typmod < 0 ? "text(max)" : "text(" + (typmod - 4) + ")";
            case "bpchar" -> typmod < 0 ? "char(1)" : "char(" + (typmod - 4) + ")";
            case "bytea" -> "binary(max)";
            // timestamp without a precision is timestamp(6), PostgreSQL's maximum.
            case "timestamp" -> typmod < 0 || typmod == 6 ? DATETIME : "timestamp(" + typmod + ")";
            case "numeric" -> typmod < 0 ? "decimal"
                    : "decimal(" + (((typmod - 4) >> 16) & 0xffff) + "," + ((typmod - 4) & 0xffff) + ")";
            default -> oneWord(formatted);
        };
    }

    /**
     * A SQL Server type from {@code sys.types.name} and {@code sys.columns} / {@code sys.parameters}'
     * {@code max_length} (bytes, -1 for MAX), {@code precision} and {@code scale}.
     */
    static String sqlServer(String typeName, int maxLength, int precision, int scale) {
        String type = typeName.toLowerCase(Locale.ROOT);
        return switch (type) {
            case "uniqueidentifier" -> "uuid";
            case "bit" -> "bool";
            case "tinyint", "smallint", "int", "bigint" -> type;
            // nvarchar / nchar lengths are in bytes, two per character.
            case "nvarchar" -> maxLength < 0 ? "text(max)" : "text(" + maxLength / 2 + ")";
            case "nchar" -> "char(" + maxLength / 2 + ")";
            case "varbinary" -> maxLength < 0 ? "binary(max)" : "binary(" + maxLength + ")";
            case "varchar", "binary", "char" -> type + "(" + (maxLength < 0 ? "max" : String.valueOf(maxLength)) + ")";
            case "datetime2" -> scale == 7 ? DATETIME : "datetime2(" + scale + ")";
            // The legacy DATETIME (1/300 s) must not be mistaken for the contract's datetime.
            case "datetime" -> "legacy_datetime";
            case "decimal", "numeric" -> "decimal(" + precision + "," + scale + ")";
            default -> oneWord(type);
        };
    }

    /** A column type as it appears in a routine signature: without length or precision. */
    static String signature(String columnType) {
        if (columnType.startsWith("timestamp(") || columnType.startsWith("datetime2(")) {
            return DATETIME;
        }
        return columnType.replaceFirst("^(text|binary)\\(.*", "$1");
    }

    private static String oneWord(String type) {
        return type.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
    }
}
