package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Babelfish;
import com.ecliptix.memberships.schema.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads schema {@code dbo} of a SQL Server 2019+ database from the {@code sys} catalog views. Types go
 * through {@code TYPE_NAME(system_type_id)}, so an alias type is read as its base type. On Babelfish, the views
 * that fail or answer wrongly leave their part out ({@link Catalog#notCompared}), and the names it reports in lower
 * case are spelled as the contract spells them ({@link ContractSpelling}).
 */
final class SqlServerCatalogReader implements CatalogReader {

    /** The columns that {@link #type} reads, of a column or parameter {@code %1$s}. */
    private static final String TYPE = "COALESCE(TYPE_NAME(%1$s.system_type_id), TYPE_NAME(%1$s.user_type_id)) AS type_name,"
            + " %1$s.max_length, %1$s.[precision], %1$s.scale";

    /** The columns, which also name the tables: a SQL Server table has at least one column. */
    private static final String COLUMNS = """
            SELECT t.name AS table_name, c.name AS column_name, %s,
                   c.is_nullable, c.is_identity, dc.definition AS default_definition
            FROM sys.columns AS c
            JOIN sys.tables AS t ON t.object_id = c.object_id
            LEFT JOIN sys.default_constraints AS dc
                   ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id
            WHERE t.schema_id = SCHEMA_ID(?) AND t.is_ms_shipped = 0
            """.formatted(TYPE.formatted("c"));

    /** The key constraints' columns, from their index: {@code %s} finds it. */
    private static final String KEYS = """
            SELECT t.name AS table_name, kc.name AS constraint_name, kc.type AS constraint_type, col.name AS column_name
            FROM sys.key_constraints AS kc
            JOIN sys.tables AS t ON t.object_id = kc.parent_object_id
            %s
            JOIN sys.columns AS col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
            WHERE t.schema_id = SCHEMA_ID(?) AND ic.key_ordinal > 0
            ORDER BY t.name, kc.name, ic.key_ordinal
            """;

    private static final String KEY_INDEX = "JOIN sys.index_columns AS ic"
            + " ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id";

    /**
     * Babelfish's unique_index_id matches no index_id; the index that backs a key constraint has the constraint's
     * name (on SQL Server too).
     */
    private static final String BABELFISH_KEY_INDEX = """
            JOIN sys.indexes AS i ON i.object_id = kc.parent_object_id AND i.name = kc.name
            JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id""";

    private static final String FOREIGN_KEYS = """
            SELECT t.name AS table_name, fk.name AS constraint_name, pc.name AS column_name,
                   SCHEMA_NAME(rt.schema_id) AS referenced_schema, rt.name AS referenced_table,
                   rc.name AS referenced_column, fk.delete_referential_action_desc AS on_delete,
                   fk.update_referential_action_desc AS on_update, fk.is_disabled
            FROM sys.foreign_keys AS fk
            JOIN sys.tables AS t ON t.object_id = fk.parent_object_id
            JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
            JOIN sys.columns AS pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
            JOIN sys.tables AS rt ON rt.object_id = fkc.referenced_object_id
            JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
            WHERE t.schema_id = SCHEMA_ID(?)
            ORDER BY t.name, fk.name, fkc.constraint_column_id
            """;

    private static final String CHECKS = """
            SELECT t.name AS table_name, cc.name AS constraint_name, cc.definition, cc.is_disabled
            FROM sys.check_constraints AS cc
            JOIN sys.tables AS t ON t.object_id = cc.parent_object_id
            WHERE t.schema_id = SCHEMA_ID(?)
            """;

    /** Indexes other than the heap and those backing a primary key or unique constraint. */
    private static final String INDEXES = """
            SELECT t.name AS table_name, i.name AS index_name, i.is_unique, i.is_disabled, i.filter_definition,
                   col.name AS column_name, ic.is_descending_key, ic.is_included_column
            FROM sys.indexes AS i
            JOIN sys.tables AS t ON t.object_id = i.object_id
            JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
            JOIN sys.columns AS col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
            WHERE t.schema_id = SCHEMA_ID(?) AND i.type > 0 AND i.is_primary_key = 0
              AND i.is_unique_constraint = 0 AND i.is_hypothetical = 0
            ORDER BY t.name, i.name, ic.is_included_column, ic.key_ordinal, ic.index_column_id
            """;

    private static final String TRIGGERS = """
            SELECT t.name AS table_name, tr.name AS trigger_name, tr.is_disabled, te.type_desc AS event
            FROM sys.triggers AS tr
            JOIN sys.tables AS t ON t.object_id = tr.parent_id
            JOIN sys.trigger_events AS te ON te.object_id = tr.object_id
            WHERE t.schema_id = SCHEMA_ID(?)
            ORDER BY t.name, tr.name
            """;

    /** T-SQL procedures (P), scalar (FN), inline (IF) and multi-statement (TF) table-valued functions. */
    private static final String ROUTINES = """
            SELECT o.name, RTRIM(o.type) AS type, m.definition
            FROM sys.objects AS o
            LEFT JOIN sys.sql_modules AS m ON m.object_id = o.object_id
            WHERE o.schema_id = SCHEMA_ID(?) AND o.type IN ('P', 'FN', 'IF', 'TF') AND o.is_ms_shipped = 0
            """;

    /**
     * Parameters in order; parameter_id 0 is a scalar function's return value. sys.all_parameters (user
     * and system modules; the join keeps dbo's) rather than sys.parameters, which T-SQL engines such as
     * Babelfish lack.
     */
    private static final String PARAMETERS = """
            SELECT o.name AS routine_name, p.parameter_id, p.name AS parameter_name, p.is_output, %s
            FROM sys.all_parameters AS p
            JOIN sys.objects AS o ON o.object_id = p.object_id
            WHERE o.schema_id = SCHEMA_ID(?) AND o.type IN ('P', 'FN', 'IF', 'TF')
            ORDER BY o.name, p.parameter_id
            """.formatted(TYPE.formatted("p"));

    /** The result columns of table-valued functions. */
    private static final String RESULT_COLUMNS = """
            SELECT o.name AS routine_name, c.name AS column_name, %s
            FROM sys.columns AS c
            JOIN sys.objects AS o ON o.object_id = c.object_id
            WHERE o.schema_id = SCHEMA_ID(?) AND o.type IN ('IF', 'TF')
            ORDER BY o.name, c.column_id
            """.formatted(TYPE.formatted("c"));

    /** Babelfish and its version ("Babelfish 4.4.0"), or null on Microsoft SQL Server. */
    private final String babelfish;

    /** What the current read could not answer truthfully; stays empty on Microsoft SQL Server. */
    private final List<NotCompared> notCompared = new ArrayList<>();

    private SqlServerCatalogReader(String babelfish) {
        this.babelfish = babelfish;
    }

    /** A reader for the T-SQL server behind the connection: Microsoft SQL Server, or Babelfish with its gaps. */
    static SqlServerCatalogReader of(Connection connection) throws SQLException {
        if (!Babelfish.isBehind(connection)) {
            return new SqlServerCatalogReader(null);
        }
        String version = null;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CAST(SERVERPROPERTY('BabelfishVersion') AS NVARCHAR(50))")) {
            if (rs.next()) {
                version = rs.getString(1);
            }
        }
        return new SqlServerCatalogReader(version == null ? "Babelfish" : "Babelfish " + version.strip());
    }

    private interface Reading {
        void read() throws SQLException;
    }

    /**
     * Reads one part. On Microsoft SQL Server a failure is the read's failure; on Babelfish it leaves the part
     * out of the catalog and says so (its views fail on some of SQL Server's questions).
     */
    private void part(CatalogPart part, String sql, Reading reading) throws SQLException {
        try {
            reading.read();
        } catch (SQLException e) {
            if (babelfish == null) {
                throw e;
            }
            Throwable cause = e.getCause() instanceof SQLException engineError ? engineError : e;
            notCompared.add(new NotCompared(part, CatalogQuery.source(sql), babelfish,
                    "fails (" + cause.getMessage().strip().replaceAll("\\s+", " ") + ")"));
        }
    }

    @Override
    public Catalog read(Connection connection) throws SQLException {
        notCompared.clear();
        TableParts parts = new TableParts();
        readColumns(connection, parts);
        part(CatalogPart.KEYS, KEYS, () -> readKeys(connection, parts));
        part(CatalogPart.FOREIGN_KEYS, FOREIGN_KEYS, () -> readForeignKeys(connection, parts));
        part(CatalogPart.CHECKS, CHECKS, () -> CatalogQuery.run(connection, CHECKS, rs -> {
            String table = rs.getString("table_name");
            parts.of(table).checks().add(new CheckConstraint(rs.getString("constraint_name"),
                    parts.normalize(table, rs.getString("definition")), !rs.getBoolean("is_disabled")));
        }));
        part(CatalogPart.INDEXES, INDEXES, () -> readIndexes(connection, parts));
        part(CatalogPart.TRIGGERS, TRIGGERS, () -> readTriggers(connection, parts));
        if (babelfish != null) {
            notCompared.add(new NotCompared(CatalogPart.INDEX_FILTERS, "sys.indexes", babelfish,
                    "reports no filter of a filtered index (has_filter 0, filter_definition NULL)"));
        }
        List<Routine> routines = readRoutines(connection);
        Catalog catalog = new Catalog(Engine.SQLSERVER, parts.tables(), routines, notCompared);
        return babelfish == null ? catalog : ContractSpelling.respell(catalog, CatalogSnapshot.committed());
    }

    private void readColumns(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.run(connection, COLUMNS, rs -> parts.column(rs.getString("table_name"), rs.getString("column_name"),
                columnType(rs), rs.getBoolean("is_nullable"), rs.getBoolean("is_identity") ? Column.Identity.ALWAYS : Column.Identity.NONE,
                rs.getString("default_definition")));
    }

    /**
     * Babelfish keeps a DATETIME2(7) as DATETIME2(6), PostgreSQL's widest timestamp; there that is the contract's
     * datetime (which PostgreSQL keeps as timestamp(6) too), not a narrowed column.
     */
    private String columnType(ResultSet rs) throws SQLException {
        String type = type(rs);
        return babelfish != null && type.equals("datetime2(6)") ? TypeNames.DATETIME : type;
    }

    private static String type(ResultSet rs) throws SQLException {
        return TypeNames.sqlServer(rs.getString("type_name"), rs.getInt("max_length"), rs.getInt("precision"), rs.getInt("scale"));
    }

    private void readKeys(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.grouped(connection, KEYS.formatted(babelfish == null ? KEY_INDEX : BABELFISH_KEY_INDEX),
                rs -> List.of(rs.getString("table_name"), rs.getString("constraint_name"),
                        rs.getString("constraint_type").strip()),
                rs -> rs.getString("column_name"))
                .forEach((key, columns) -> parts.of(key.get(0)).keys()
                        .add(new KeyConstraint(key.get(1), key.get(2).equals("PK"), columns)));
    }

    private record ForeignKeyRow(String table, String name, String referencedTable, String onDelete, String onUpdate,
            boolean enabled) {
    }

    private static void readForeignKeys(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.grouped(connection, FOREIGN_KEYS, rs -> new ForeignKeyRow(rs.getString("table_name"),
                        rs.getString("constraint_name"),
                        Catalog.qualified(rs.getString("referenced_schema"), rs.getString("referenced_table")),
                        action(rs.getString("on_delete")), action(rs.getString("on_update")), !rs.getBoolean("is_disabled")),
                rs -> List.of(rs.getString("column_name"), rs.getString("referenced_column")))
                .forEach((fk, pairs) -> parts.of(fk.table()).foreignKeys().add(new ForeignKey(fk.name(),
                        pairs.stream().map(c -> c.get(0)).toList(), fk.referencedTable(),
                        pairs.stream().map(c -> c.get(1)).toList(), fk.onDelete(), fk.onUpdate(), fk.enabled())));
    }

    /** NO_ACTION, CASCADE, SET_NULL, SET_DEFAULT as the snapshot writes them. */
    private static String action(String description) {
        return description.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private record IndexRow(String table, String name, boolean unique, boolean enabled, String filter) {
    }

    private record IndexColumn(boolean included, String text) {
    }

    private static void readIndexes(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.grouped(connection, INDEXES, rs -> new IndexRow(rs.getString("table_name"), rs.getString("index_name"),
                        rs.getBoolean("is_unique"), !rs.getBoolean("is_disabled"), rs.getString("filter_definition")),
                rs -> rs.getBoolean("is_included_column") ? new IndexColumn(true, rs.getString("column_name"))
                        : new IndexColumn(false, Names.render(rs.getString("column_name"))
                                + (rs.getBoolean("is_descending_key") ? " desc" : "")))
                .forEach((index, columns) -> parts.of(index.table()).indexes().add(new Index(index.name(), index.unique(),
                        columns.stream().filter(c -> !c.included()).map(IndexColumn::text).toList(),
                        columns.stream().filter(IndexColumn::included).map(IndexColumn::text).toList(),
                        parts.normalize(index.table(), index.filter()), index.enabled())));
    }

    private record TriggerRow(String table, String name, boolean enabled) {
    }

    private static void readTriggers(Connection connection, TableParts parts) throws SQLException {
        CatalogQuery.grouped(connection, TRIGGERS,
                rs -> new TriggerRow(rs.getString("table_name"), rs.getString("trigger_name"), !rs.getBoolean("is_disabled")),
                rs -> rs.getString("event").toLowerCase(Locale.ROOT))
                .forEach((trigger, events) -> parts.of(trigger.table()).triggers()
                        .add(new Trigger(trigger.name(), events, trigger.enabled())));
    }

    /** Each dbo routine's definition as the engine keeps it (sys.sql_modules), by name. */
    static Map<String, String> definitions(Connection connection) throws SQLException {
        Map<String, String> definitions = new LinkedHashMap<>();
        CatalogQuery.run(connection, ROUTINES, rs -> definitions.put(rs.getString("name"), rs.getString("definition")));
        return definitions;
    }

    private record ParameterRow(int id, String name, String type, boolean output) {
    }

    private List<Routine> readRoutines(Connection connection) throws SQLException {
        Map<String, List<ParameterRow>> parameters = CatalogQuery.grouped(connection, PARAMETERS,
                rs -> rs.getString("routine_name"), rs -> new ParameterRow(rs.getInt("parameter_id"),
                        rs.getString("parameter_name"), TypeNames.signature(type(rs)), rs.getBoolean("is_output")));
        Map<String, List<String>> resultColumns = CatalogQuery.grouped(connection, RESULT_COLUMNS,
                rs -> rs.getString("routine_name"),
                rs -> Names.render(rs.getString("column_name")) + " " + TypeNames.signature(type(rs)));
        List<Routine> routines = new ArrayList<>();
        CatalogQuery.run(connection, ROUTINES, rs -> routines.add(routine(rs.getString("name"), rs.getString("type"),
                rs.getString("definition"), parameters.getOrDefault(rs.getString("name"), List.of()),
                resultColumns.get(rs.getString("name")))));
        if (babelfish == null || routines.stream().noneMatch(r -> r.kind() == Routine.Kind.FUNCTION && r.returns() == null)) {
            return routines;
        }
        // Babelfish types a table-valued function FN, like a scalar one, and sys.columns lists none of its result
        // columns: a function without a return value (parameter 0) returns a table, of columns unknown here.
        notCompared.add(new NotCompared(CatalogPart.FUNCTION_RESULT_COLUMNS, "sys.columns", babelfish,
                "lists no result column of a table-valued function (and sys.objects types it FN)"));
        return routines.stream().map(r -> r.kind() == Routine.Kind.FUNCTION && r.returns() == null
                ? new Routine(r.name(), r.kind(), r.parameters(), CatalogPart.TABLE_RESULT, r.bodyHash()) : r).toList();
    }

    private static Routine routine(String name, String type, String definition, List<ParameterRow> rows,
            List<String> resultColumns) {
        Set<String> optional = definition == null ? Set.of()
                : TsqlParameterDefaults.optionalParameters(definition).stream()
                        .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<Parameter> parameters = new ArrayList<>();
        String returns = null;
        for (ParameterRow p : rows) {
            if (p.id() == 0) {
                returns = p.type();
                continue;
            }
            String parameter = p.name().startsWith("@") ? p.name().substring(1) : p.name();
            parameters.add(new Parameter(parameters.size() + 1, parameter,
                    p.output() ? Parameter.Mode.INOUT : Parameter.Mode.IN, p.type(),
                    optional.contains(parameter.toLowerCase(Locale.ROOT))));
        }
        boolean procedure = type.equals("P");
        if (!procedure && resultColumns != null) {
            returns = "table (" + String.join(", ", resultColumns) + ")";
        }
        return new Routine(name, procedure ? Routine.Kind.PROCEDURE : Routine.Kind.FUNCTION, parameters, returns,
                BodyFingerprint.ofTsql(definition));
    }
}
