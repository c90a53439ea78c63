package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/** Reads schema {@code dbo} ({@link Catalog#SCHEMA}) of a PostgreSQL database from {@code pg_catalog}. */
final class PostgresCatalogReader implements CatalogReader {

    private static final String TABLES = """
            SELECT c.relname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
            """;

    private static final String COLUMNS = """
            SELECT c.relname, a.attname, t.typname, a.atttypmod, format_type(a.atttypid, a.atttypmod) AS formatted,
                   a.attnotnull, a.attidentity, pg_get_expr(d.adbin, d.adrelid) AS default_expression
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            """;

    /** Keys, foreign keys and checks; not-null constraints (PostgreSQL 17+) are read as column nullability. */
    private static final String CONSTRAINTS = """
            SELECT c.relname, con.conname, con.contype,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                         ORDER BY k.ord) AS columns,
                   rc.relname AS referenced_table, rn.nspname AS referenced_schema,
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                         ORDER BY k.ord) AS referenced_columns,
                   con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
                   pg_get_expr(con.conbin, con.conrelid) AS check_expression
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE n.nspname = ? AND con.contype IN ('p', 'u', 'f', 'c')
            """;

    /** The {@link Index}es, leaving out those of exclusion constraints too; a key's DESC is indoption's bit 1. */
    private static final String INDEXES = """
            SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique, ix.indisvalid,
                   pg_get_expr(ix.indpred, ix.indrelid) AS filter,
                   ARRAY(SELECT COALESCE(a.attname, pg_get_indexdef(ix.indexrelid, k::int, true))
                                || CASE WHEN (ix.indoption[k - 1] & 1) = 1 THEN ' desc' ELSE '' END
                         FROM generate_series(1, ix.indnkeyatts) k
                         LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1]
                         ORDER BY k) AS key_columns,
                   ARRAY(SELECT a.attname
                         FROM generate_series(ix.indnkeyatts + 1, ix.indnatts) k
                         JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1]
                         ORDER BY k) AS included_columns,
                   ARRAY(SELECT k FROM generate_series(1, ix.indnkeyatts) k WHERE ix.indkey[k - 1] = 0) AS expression_keys
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = ? AND t.relkind IN ('r', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                              WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
                                AND con.contype IN ('p', 'u', 'x'))
            """;

    /** User triggers; tgtype bits: 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE. tgenabled 'D' is disabled. */
    private static final String TRIGGERS = """
            SELECT c.relname, t.tgname, t.tgenabled::text AS enabled, t.tgtype
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT t.tgisinternal
            """;

    /**
     * Procedures and functions. The argument arrays cover every argument, including OUT and TABLE
     * columns; proargmodes is NULL when all are IN. Of the pronargs input arguments, the last
     * pronargdefaults have a default.
     */
    private static final String ROUTINES = """
            SELECT p.proname, p.prokind::text AS kind, p.pronargs - p.pronargdefaults AS first_optional_input, p.proretset,
                   rt.typname AS return_type, format_type(p.prorettype, NULL) AS return_formatted,
                   ARRAY(SELECT ty.typname FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[]))
                         WITH ORDINALITY u(type_oid, ord) JOIN pg_type ty ON ty.oid = u.type_oid ORDER BY u.ord) AS arg_types,
                   ARRAY(SELECT format_type(u.type_oid, NULL) FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[]))
                         WITH ORDINALITY u(type_oid, ord) ORDER BY u.ord) AS arg_formatted,
                   p.proargmodes::text[] AS arg_modes, p.proargnames AS arg_names,
                   pg_get_functiondef(p.oid) AS definition
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_type rt ON rt.oid = p.prorettype
            WHERE n.nspname = ? AND p.prokind IN ('f', 'p')
            ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)
            """;

    /** pg_attribute.attidentity other than '', not an identity column. */
    private static final Map<String, Column.Identity> IDENTITIES = Map.of(
            "a", Column.Identity.ALWAYS, "d", Column.Identity.BY_DEFAULT);

    /** pg_constraint.confdeltype / confupdtype other than 'a', no action. */
    private static final Map<String, String> ACTIONS = Map.of(
            "r", "restrict", "c", "cascade", "n", "set null", "d", "set default");

    /** pg_proc.proargmodes other than IN ('i') and VARIADIC ('v'); 't' (TABLE columns) never gets here. */
    private static final Map<String, Parameter.Mode> MODES = Map.of("o", Parameter.Mode.OUT, "b", Parameter.Mode.INOUT);

    @Override
    public Catalog read(Connection connection) throws SQLException {
        TableParts parts = new TableParts();
        CatalogQuery.run(connection, TABLES, rs -> parts.table(rs.getString(1)));
        readColumns(connection, parts);
        readConstraints(connection, parts);
        readIndexes(connection, parts);
        readTriggers(connection, parts);
        return new Catalog(Engine.POSTGRESQL, parts.tables(), readRoutines(connection));
    }

    private static void readColumns(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.run(connection, COLUMNS, rs -> parts.column(rs.getString("relname"), rs.getString("attname"),
                TypeNames.postgres(rs.getString("typname"), rs.getInt("atttypmod"), rs.getString("formatted")),
                !rs.getBoolean("attnotnull"), IDENTITIES.getOrDefault(Objects.toString(rs.getString("attidentity"), ""),
                        Column.Identity.NONE), rs.getString("default_expression")));
    }

    private static void readConstraints(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.run(connection, CONSTRAINTS, rs -> {
            String table = rs.getString("relname");
            String name = rs.getString("conname");
            List<String> columns = strings(rs.getArray("columns"));
            switch (rs.getString("contype")) {
                case "p" -> parts.of(table).keys().add(new KeyConstraint(name, true, columns));
                case "u" -> parts.of(table).keys().add(new KeyConstraint(name, false, columns));
                case "f" -> parts.of(table).foreignKeys().add(new ForeignKey(name, columns,
                        Catalog.qualified(rs.getString("referenced_schema"), rs.getString("referenced_table")),
                        strings(rs.getArray("referenced_columns")), action(rs.getString("on_delete")),
                        action(rs.getString("on_update")), true));
                default -> parts.of(table).checks().add(new CheckConstraint(name,
                        parts.normalize(table, rs.getString("check_expression")), true));
            }
        });
    }

    private static String action(String code) {
        return ACTIONS.getOrDefault(code, ForeignKey.NO_ACTION);
    }

    private static void readIndexes(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.run(connection, INDEXES, rs -> {
            String table = rs.getString("table_name");
            List<String> keys = strings(rs.getArray("key_columns"));
            List<String> expressionKeys = strings(rs.getArray("expression_keys"));
            // Key k (from 1) is an expression when it is in expression_keys.
            List<String> columns = IntStream.range(0, keys.size()).mapToObj(i -> expressionKeys.contains(String.valueOf(i + 1))
                    ? parts.normalize(table, keys.get(i)) : indexKey(keys.get(i))).toList();
            parts.of(table).indexes().add(new Index(rs.getString("index_name"), rs.getBoolean("indisunique"), columns,
                    strings(rs.getArray("included_columns")), parts.normalize(table, rs.getString("filter")),
                    rs.getBoolean("indisvalid")));
        });
    }

    /** A column key as the snapshot shows it: the rendered name, then " desc" for a descending key. */
    private static String indexKey(String columnAndOrder) {
        String column = columnAndOrder.replaceFirst(" desc$", "");
        return Names.render(column) + columnAndOrder.substring(column.length());
    }

    /** The events of tgtype's bits 4, 8, 16 and 32, in that order. */
    private static final List<String> TRIGGER_EVENTS = List.of("insert", "delete", "update", "truncate");

    private static void readTriggers(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.run(connection, TRIGGERS, rs -> {
            int type = rs.getInt("tgtype");
            List<String> events = IntStream.range(0, TRIGGER_EVENTS.size()).filter(i -> (type & (4 << i)) != 0)
                    .mapToObj(TRIGGER_EVENTS::get).toList();
            boolean enabled = !"D".equals(rs.getString("enabled"));
            parts.of(rs.getString("relname")).triggers().add(new Trigger(rs.getString("tgname"), events, enabled));
        });
    }

    private static List<Routine> readRoutines(Connection connection) throws SQLException {
        List<Routine> routines = new ArrayList<>();
        Map<String, Integer> overloads = new HashMap<>();
        CatalogQuery.run(connection, ROUTINES, rs -> {
            List<String> types = strings(rs.getArray("arg_types"));
            List<String> formatted = strings(rs.getArray("arg_formatted"));
            List<String> names = strings(rs.getArray("arg_names"));
            List<String> modes = strings(rs.getArray("arg_modes"));
            int firstOptionalInput = rs.getInt("first_optional_input");

            List<Parameter> parameters = new ArrayList<>();
            List<String> resultColumns = new ArrayList<>();
            int inputIndex = 0;
            for (int i = 0; i < types.size(); i++) {
                String mode = modes.isEmpty() ? "i" : modes.get(i);
                String name = i < names.size() && !names.get(i).isEmpty() ? names.get(i) : "$" + (i + 1);
                String type = TypeNames.signature(TypeNames.postgres(types.get(i), -1, formatted.get(i)));
                if (mode.equals("t")) {
                    resultColumns.add(Names.render(name) + " " + type);
                    continue;
                }
                boolean optional = !mode.equals("o") && inputIndex++ >= firstOptionalInput;
                Parameter.Mode parameterMode = MODES.getOrDefault(mode, Parameter.Mode.IN);
                parameters.add(new Parameter(parameters.size() + 1, name, parameterMode, type, optional));
            }

            boolean function = rs.getString("kind").equals("f");
            String returns = null;
            if (function) {
                String returnType = TypeNames.signature(TypeNames.postgres(rs.getString("return_type"), -1,
                        rs.getString("return_formatted")));
                returns = !resultColumns.isEmpty() ? "table (" + String.join(", ", resultColumns) + ")"
                        : rs.getBoolean("proretset") ? "setof " + returnType : returnType;
            }
            String name = rs.getString("proname");
            int overload = overloads.merge(name, 1, Integer::sum);
            // Overloads share a name; the later ones are told apart by their number.
            routines.add(new Routine(overload == 1 ? name : name + "#" + overload,
                    function ? Routine.Kind.FUNCTION : Routine.Kind.PROCEDURE, parameters, returns,
                    BodyFingerprint.of(rs.getString("definition"))));
        });
        return routines;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
