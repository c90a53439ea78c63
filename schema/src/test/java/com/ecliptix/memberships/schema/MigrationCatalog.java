package com.ecliptix.memberships.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one engine's migration folder declares in schema {@code dbo}, read from the SQL text alone (no
 * database): routine headers (parameter names, order, direction, type family), tables with their columns,
 * triggers, indexes and named constraints, each with the file it is in.
 *
 * <p>The parser knows the project's header layout (see docs/schema-decisions.md) and fails loudly on a
 * header line it cannot read, so that a change of layout is noticed rather than silently skipped.
 * PostgreSQL: {@code CREATE PROCEDURE dbo."Name"(}, one {@code "Param" type} or
 * {@code INOUT "Param" type DEFAULT NULL} per line, then a line starting with {@code )}. T-SQL:
 * {@code CREATE PROCEDURE dbo.Name}, one {@code @Param TYPE [= NULL] [OUTPUT]} per line, then {@code AS};
 * functions put their parameters in parentheses and then {@code RETURNS}.
 */
final class MigrationCatalog {

    enum Dialect { POSTGRESQL, TSQL }

    /** A routine parameter: its name, whether it is an output, and its type family (see {@link #typeFamily}). */
    record Param(String name, boolean output, String type, boolean defaultsToNull) {
        @Override
        public String toString() {
            return (output ? "OUT " : "") + name + " " + type;
        }
    }

    record Routine(String kind, String name, List<Param> params, String returns, String file, int line) {
    }

    record Column(String name, String type) {
        @Override
        public String toString() {
            return name + " " + type;
        }
    }

    record Table(String name, List<Column> columns, String file) {
    }

    record Index(String name, boolean unique, String table, List<String> columns, boolean filtered, String file) {
        String shape() {
            return (unique ? "UNIQUE " : "") + table + " (" + String.join(", ", columns) + ")" + (filtered ? " filtered" : "");
        }
    }

    /** A named object other than a routine, table or index: a trigger or a constraint, and where it is. */
    record Named(String name, String detail, String file) {
    }

    final Dialect dialect;
    final Map<String, Routine> routines = new LinkedHashMap<>();
    final Map<String, Table> tables = new LinkedHashMap<>();
    final Map<String, Named> triggers = new LinkedHashMap<>();
    final Map<String, Index> indexes = new LinkedHashMap<>();
    final Map<String, Named> constraints = new LinkedHashMap<>();
    /** Per file, the declared objects in order of appearance ("table X", "index Y", ...). */
    final Map<String, List<String>> order = new TreeMap<>();

    private MigrationCatalog(Dialect dialect) {
        this.dialect = dialect;
    }

    // ------------------------------------------------------------------ reading

    /** Reads every {@code V*.sql} file of the engine's folder on the class path ({@code db/migration/<folder>}). */
    static MigrationCatalog ofFolder(Dialect dialect, String folder) {
        URL url = MigrationCatalog.class.getClassLoader().getResource("db/migration/" + folder);
        if (url == null) {
            throw new IllegalStateException("no migration folder db/migration/" + folder + " on the class path");
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(Paths.get(url.toURI()))) {
            for (Path path : paths.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                files.put(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no .sql files in db/migration/" + folder);
        }
        return parse(dialect, files);
    }

    /** Parses migration texts keyed by file name. */
    static MigrationCatalog parse(Dialect dialect, Map<String, String> files) {
        MigrationCatalog catalog = new MigrationCatalog(dialect);
        files.forEach(catalog::parseFile);
        return catalog;
    }

    private static final String Q = "\"?"; // PostgreSQL quotes identifiers, T-SQL does not
    private static final Pattern ROUTINE = Pattern.compile(
            "^CREATE\\s+(?:OR\\s+(?:ALTER|REPLACE)\\s+)?(PROCEDURE|FUNCTION)\\s+(\\w+)\\." + Q + "(\\w+)" + Q + "\\s*(\\(\\s*\\)?)?\\s*$");
    private static final Pattern TABLE = Pattern.compile("^CREATE\\s+TABLE\\s+dbo\\." + Q + "(\\w+)" + Q + "\\s*\\(?\\s*$");
    private static final Pattern TRIGGER = Pattern.compile("^CREATE\\s+(?:OR\\s+(?:ALTER|REPLACE)\\s+)?TRIGGER\\s+(?:dbo\\.)?" + Q + "(\\w+)" + Q + "\\s*$");
    private static final Pattern INDEX = Pattern.compile(
            "^CREATE\\s+(UNIQUE\\s+)?(?:(?:NON)?CLUSTERED\\s+)?INDEX\\s+" + Q + "(\\w+)" + Q + "\\s*$");
    private static final Pattern ON_TABLE = Pattern.compile("\\bON\\s+dbo\\." + Q + "(\\w+)" + Q + "\\s*(?:\\(([^)]*)\\))?");
    private static final Pattern CONSTRAINT = Pattern.compile(
            "\\bCONSTRAINT\\s+" + Q + "(\\w+)" + Q + "\\s+(PRIMARY\\s+KEY|UNIQUE|FOREIGN\\s+KEY|CHECK|DEFAULT)\\b");
    private static final Pattern PG_PARAM = Pattern.compile(
            "^\\s*(INOUT\\s+|OUT\\s+)?\"(\\w+)\"\\s+([A-Za-z][\\w ]*?(?:\\(\\s*\\d+\\s*(?:,\\s*\\d+\\s*)?\\))?)(\\s+DEFAULT\\s+NULL)?\\s*,?\\s*$");
    private static final Pattern TSQL_PARAM = Pattern.compile(
            "^\\s*@(\\w+)\\s+([A-Za-z]\\w*(?:\\(\\s*(?:\\d+|MAX)\\s*(?:,\\s*\\d+\\s*)?\\))?)(\\s*=\\s*NULL)?(\\s+(?:OUTPUT|OUT))?\\s*,?\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** Any declaration of a contract object: one the patterns above do not read is an error, never skipped. */
    private static final Pattern UNREAD_CREATE = Pattern.compile("^CREATE\\b.*\\b(TABLE|INDEX|TRIGGER|PROCEDURE|FUNCTION|VIEW)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOT_DBO_ROUTINE = Pattern.compile("^CREATE\\s+(?:OR\\s+\\w+\\s+)?FUNCTION\\s+ecliptix_internal\\.");
    private static final Pattern COLUMN = Pattern.compile("^\\s+" + Q + "([A-Z][a-z]\\w*)" + Q + "\\s+([A-Za-z]\\w*(?:\\s*\\([^)]*\\))?)");

    private void parseFile(String file, String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\\R", -1)) {
            lines.add(stripComment(raw));
        }
        List<String> sequence = order.computeIfAbsent(file, f -> new ArrayList<>());
        boolean inBody = false; // PostgreSQL: between $$ ... $$ (routine bodies are not declarations)
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (dialect == Dialect.POSTGRESQL && count(line, "$$") % 2 == 1) {
                inBody = !inBody;
                continue;
            }
            if (inBody) {
                continue;
            }
            String trimmed = line.strip();
            Matcher m;
            if ((m = ROUTINE.matcher(trimmed)).matches()) {
                if (!m.group(2).equals("dbo")) {
                    continue; // PostgreSQL helpers in ecliptix_internal are not part of the contract
                }
                i = readRoutine(file, lines, i, m.group(1).toUpperCase(Locale.ROOT), m.group(3), m.group(4));
                sequence.add("routine " + m.group(3));
            } else if ((m = TABLE.matcher(trimmed)).matches()) {
                i = readTable(file, lines, i, m.group(1));
                sequence.add("table " + m.group(1));
            } else if ((m = TRIGGER.matcher(trimmed)).matches()) {
                Matcher on = ON_TABLE.matcher(statement(lines, i));
                put(triggers, "trigger", m.group(1), new Named(m.group(1), on.find() ? on.group(1) : "?", file));
                sequence.add("trigger " + m.group(1));
            } else if ((m = INDEX.matcher(trimmed)).matches()) {
                String statement = statement(lines, i);
                Matcher on = ON_TABLE.matcher(statement);
                if (!on.find() || on.group(2) == null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": cannot read the table and columns of index " + m.group(2));
                }
                List<String> columns = new ArrayList<>();
                for (String column : on.group(2).split(",")) {
                    columns.add(column.replace("\"", "").strip().replaceAll("\\s+", " "));
                }
                put(indexes, "index", m.group(2), new Index(m.group(2), m.group(1) != null, on.group(1), columns,
                        Pattern.compile("\\bWHERE\\b").matcher(statement).find(), file));
                sequence.add("index " + m.group(2));
            } else if (UNREAD_CREATE.matcher(trimmed).find() && !trimmed.startsWith("CREATE SCHEMA")
                    && !NOT_DBO_ROUTINE.matcher(trimmed).find()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": cannot read this declaration: '" + trimmed + "'");
            }
        }
        // Named constraints, wherever a table declares them (outside PostgreSQL routine bodies).
        // The keyword after the name may be on the next line, so the declarations are matched as one text.
        inBody = false;
        StringBuilder declarations = new StringBuilder();
        for (String line : lines) {
            if (dialect == Dialect.POSTGRESQL && count(line, "$$") % 2 == 1) {
                inBody = !inBody;
                continue;
            }
            if (!inBody) {
                declarations.append(line).append('\n');
            }
        }
        Matcher c = CONSTRAINT.matcher(declarations);
        while (c.find()) {
            put(constraints, "constraint", c.group(1), new Named(c.group(1), c.group(2).replaceAll("\\s+", " "), file));
        }
    }

    private int readRoutine(String file, List<String> lines, int start, String kind, String name, String openParen) {
        List<Param> params = new ArrayList<>();
        int i = start + 1;
        boolean parenthesised = dialect == Dialect.POSTGRESQL || kind.equals("FUNCTION");
        if (parenthesised && openParen == null) {
            // T-SQL functions may open the parenthesis on the next line.
            if (lines.get(i).strip().equals("(")) {
                i++;
            } else {
                throw new IllegalArgumentException(file + ":" + (start + 1) + ": expected '(' after " + kind + " " + name);
            }
        }
        boolean closedOnHeader = openParen != null && openParen.replaceAll("\\s", "").equals("()");
        for (; !closedOnHeader; i++) {
            if (i >= lines.size()) {
                throw new IllegalArgumentException(file + ": header of " + name + " does not end");
            }
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (parenthesised ? trimmed.startsWith(")") : trimmed.equalsIgnoreCase("AS")) {
                break;
            }
            Matcher m = (dialect == Dialect.POSTGRESQL ? PG_PARAM : TSQL_PARAM).matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": cannot read a parameter of " + name + ": '" + trimmed + "'");
            }
            params.add(dialect == Dialect.POSTGRESQL
                    ? new Param(m.group(2), m.group(1) != null, typeFamily(m.group(3)), m.group(4) != null)
                    : new Param(m.group(1), m.group(4) != null, typeFamily(m.group(2)), m.group(3) != null));
        }
        String returns = null;
        if (kind.equals("FUNCTION")) {
            String after = lines.get(i).strip().substring(closedOnHeader ? 0 : 1).strip();
            if (closedOnHeader || after.isEmpty()) {
                after = lines.get(closedOnHeader ? i : i + 1).strip();
            }
            Matcher r = Pattern.compile("^RETURNS\\s+(\\w+(?:\\s*\\([^)]*\\))?)", Pattern.CASE_INSENSITIVE).matcher(after);
            if (!r.find()) {
                throw new IllegalArgumentException(file + ": expected RETURNS after the parameters of " + name + ", found '" + after + "'");
            }
            returns = r.group(1).toUpperCase(Locale.ROOT).startsWith("TABLE") ? "table" : "scalar " + typeFamily(r.group(1));
        }
        put(routines, "routine", name, new Routine(kind, name, params, returns, file, start + 1));
        return i;
    }

    private int readTable(String file, List<String> lines, int start, String name) {
        List<Column> columns = new ArrayList<>();
        int i = start + 1;
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(")")) {
                break;
            }
            Matcher m = COLUMN.matcher(line);
            if (m.find() && !line.strip().startsWith("CONSTRAINT")) {
                columns.add(new Column(m.group(1), columnType(m.group(2))));
            }
        }
        put(tables, "table", name, new Table(name, columns, file));
        return i;
    }

    private <T> void put(Map<String, T> map, String what, String name, T value) {
        if (map.put(name, value) != null) {
            throw new IllegalArgumentException(dialect + ": " + what + " " + name + " is declared twice");
        }
    }

    /** The statement that starts at a line: up to the next ';' or GO line. */
    private static String statement(List<String> lines, int start) {
        StringBuilder b = new StringBuilder();
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().equalsIgnoreCase("GO") || (i > start && line.isBlank())) {
                break;
            }
            b.append(line).append('\n');
            if (line.contains(";")) {
                break;
            }
        }
        return b.toString();
    }

    private static String stripComment(String line) {
        int at = line.indexOf("--");
        return at < 0 ? line : line.substring(0, at);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    /**
     * A type's family under the contract's pairs, without lengths (parameter lengths are not part of the
     * contract): uuid, int, smallint, bigint, bool, text, binary, timestamp.
     */
    static String typeFamily(String type) {
        String t = type.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        String base = t.replaceAll("\\s*\\(.*$", "");
        return switch (base) {
            case "uuid", "uniqueidentifier" -> "uuid";
            case "integer", "int", "int4" -> "int";
            case "smallint", "int2" -> "smallint";
            case "bigint", "int8" -> "bigint";
            case "boolean", "bool", "bit" -> "bool";
            case "varchar", "character varying", "text", "nvarchar", "nchar", "char", "ntext" -> "text";
            case "bytea", "varbinary" -> "binary";
            case "timestamp", "datetime2", "timestamp without time zone" -> "timestamp";
            default -> base;
        };
    }

    /** A column's type: its family plus, for text, the length (column lengths are part of the contract). */
    static String columnType(String type) {
        String family = typeFamily(type);
        if (!family.equals("text")) {
            return family;
        }
        Matcher length = Pattern.compile("\\(\\s*(\\d+|max|MAX)\\s*\\)").matcher(type);
        String base = type.toLowerCase(Locale.ROOT).replaceAll("\\s*\\(.*$", "");
        if (base.equals("text") || base.equals("ntext")) {
            return "text(max)";
        }
        return "text(" + (length.find() ? length.group(1).toLowerCase(Locale.ROOT) : "?") + ")";
    }

    // ------------------------------------------------------------------ comparing

    /**
     * Every difference between a PostgreSQL and a T-SQL catalog, one readable sentence each; empty when
     * the two declare the same contract objects in the same files.
     */
    static List<String> differences(MigrationCatalog pg, MigrationCatalog ts) {
        List<String> out = new ArrayList<>();
        out.addAll(headerConventions(pg));
        out.addAll(headerConventions(ts));

        for (String name : union(pg.routines.keySet(), ts.routines.keySet())) {
            Routine a = pg.routines.get(name);
            Routine b = ts.routines.get(name);
            if (a == null || b == null) {
                Routine only = a == null ? b : a;
                out.add(only.kind().toLowerCase(Locale.ROOT) + " " + name + " exists only in " + (a == null ? "T-SQL" : "PostgreSQL")
                        + " (" + only.file() + ":" + only.line() + ")");
                continue;
            }
            if (!a.kind().equals(b.kind())) {
                out.add(name + " is a " + a.kind() + " in PostgreSQL but a " + b.kind() + " in T-SQL");
            }
            sameFile(out, "routine " + name, a.file(), b.file());
            List<String> an = a.params().stream().map(Param::name).toList();
            List<String> bn = b.params().stream().map(Param::name).toList();
            if (!an.equals(bn)) {
                out.add(name + ": parameter names or order differ: PostgreSQL " + an + " vs T-SQL " + bn);
            } else {
                for (int k = 0; k < an.size(); k++) {
                    Param p = a.params().get(k);
                    Param q = b.params().get(k);
                    if (p.output() != q.output()) {
                        out.add(name + ": parameter " + p.name() + " is " + (p.output() ? "INOUT" : "input") + " in PostgreSQL but "
                                + (q.output() ? "OUTPUT" : "input") + " in T-SQL");
                    }
                    if (!p.type().equals(q.type())) {
                        out.add(name + ": parameter " + p.name() + " is " + p.type() + " in PostgreSQL but " + q.type() + " in T-SQL");
                    }
                }
            }
            if (!Objects.equals(a.returns(), b.returns())) {
                out.add(name + ": returns " + a.returns() + " in PostgreSQL but " + b.returns() + " in T-SQL");
            }
        }

        for (String name : union(pg.tables.keySet(), ts.tables.keySet())) {
            Table a = pg.tables.get(name);
            Table b = ts.tables.get(name);
            if (a == null || b == null) {
                out.add("table " + name + " exists only in " + (a == null ? "T-SQL (" + b.file() : "PostgreSQL (" + a.file()) + ")");
                continue;
            }
            sameFile(out, "table " + name, a.file(), b.file());
            if (!a.columns().equals(b.columns())) {
                out.add("table " + name + ": columns differ: PostgreSQL " + a.columns() + " vs T-SQL " + b.columns());
            }
        }

        for (String name : union(pg.indexes.keySet(), ts.indexes.keySet())) {
            Index a = pg.indexes.get(name);
            Index b = ts.indexes.get(name);
            if (a == null || b == null) {
                out.add("index " + name + " exists only in " + (a == null ? "T-SQL (" + b.file() : "PostgreSQL (" + a.file()) + ")");
                continue;
            }
            sameFile(out, "index " + name, a.file(), b.file());
            if (!a.shape().equals(b.shape())) {
                out.add("index " + name + ": PostgreSQL " + a.shape() + " vs T-SQL " + b.shape());
            }
        }

        compareNamed(out, "trigger", pg.triggers, ts.triggers);
        // T-SQL names its defaults (DF_<Table>_<Column>); PostgreSQL defaults have no names.
        Map<String, Named> tsConstraints = new LinkedHashMap<>(ts.constraints);
        tsConstraints.values().removeIf(c -> c.detail().equals("DEFAULT"));
        compareNamed(out, "constraint", pg.constraints, tsConstraints);
        pg.constraints.values().stream().filter(c -> c.detail().equals("DEFAULT"))
                .forEach(c -> out.add("constraint " + c.name() + ": PostgreSQL has no named defaults"));

        for (String file : union(pg.order.keySet(), ts.order.keySet())) {
            List<String> a = pg.order.getOrDefault(file, List.of());
            List<String> b = ts.order.getOrDefault(file, List.of());
            if (!pg.order.containsKey(file) || !ts.order.containsKey(file)) {
                out.add("file " + file + " exists only in " + (pg.order.containsKey(file) ? "PostgreSQL" : "T-SQL"));
            } else if (!a.equals(b) && new TreeSet<>(a).equals(new TreeSet<>(b))) {
                out.add(file + ": the objects appear in another order: PostgreSQL " + a + " vs T-SQL " + b);
            }
        }
        return out;
    }

    /** The header rules of the contract: every output defaults to NULL, and no input does. */
    private static List<String> headerConventions(MigrationCatalog c) {
        List<String> out = new ArrayList<>();
        String engine = c.dialect == Dialect.POSTGRESQL ? "PostgreSQL" : "T-SQL";
        for (Routine r : c.routines.values()) {
            for (Param p : r.params()) {
                if (p.output() && !p.defaultsToNull()) {
                    out.add(engine + " " + r.name() + ": output parameter " + p.name() + " has no DEFAULT NULL / = NULL");
                }
                if (!p.output() && p.defaultsToNull()) {
                    out.add(engine + " " + r.name() + ": input parameter " + p.name() + " has a default (inputs are required)");
                }
            }
            if (r.kind().equals("FUNCTION") && r.params().stream().anyMatch(Param::output)) {
                out.add(engine + " function " + r.name() + " has an output parameter");
            }
        }
        return out;
    }

    private static void compareNamed(List<String> out, String what, Map<String, Named> pg, Map<String, Named> ts) {
        for (String name : union(pg.keySet(), ts.keySet())) {
            Named a = pg.get(name);
            Named b = ts.get(name);
            if (a == null || b == null) {
                out.add(what + " " + name + " exists only in " + (a == null ? "T-SQL (" + b.file() : "PostgreSQL (" + a.file()) + ")");
                continue;
            }
            sameFile(out, what + " " + name, a.file(), b.file());
            if (!a.detail().equals(b.detail())) {
                out.add(what + " " + name + ": " + a.detail() + " in PostgreSQL but " + b.detail() + " in T-SQL");
            }
        }
    }

    private static void sameFile(List<String> out, String what, String pgFile, String tsFile) {
        if (!pgFile.equals(tsFile)) {
            out.add(what + " is in " + pgFile + " in PostgreSQL but in " + tsFile + " in T-SQL");
        }
    }

    private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
