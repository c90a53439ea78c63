package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.ClassPathFiles;
import com.ecliptix.memberships.schema.Engine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one engine's migration folder declares in schema {@code dbo}, read from the SQL text alone (no
 * database) into the {@link Catalog} model, so that {@link CatalogDiff} compares the two folders as it
 * compares a database with the snapshot. Types go through {@link TypeNames} as the catalog readers' do.
 *
 * <p>The text gives less than a catalog: routine headers (names, order, mode, type, optional), tables
 * with their columns' names, types, nullability and identity, keys and foreign keys with their columns,
 * the names of checks, indexes with their columns and whether they are filtered, and triggers with
 * their events. Defaults and check expressions are left empty on both sides: EngineParityTest compares
 * them on real databases. The reader also records the file of every declaration, which no catalog knows.
 *
 * <p>It knows the project's header layout (docs/schema-decisions.md) and fails loudly on a declaration
 * or header line it cannot read, so that a change of layout is noticed rather than silently skipped.
 * PostgreSQL: {@code CREATE PROCEDURE dbo."Name"(}, one {@code "Param" type} or
 * {@code INOUT "Param" type DEFAULT NULL} per line, then a line starting with {@code )}. T-SQL:
 * {@code CREATE PROCEDURE dbo.Name}, one {@code @Param TYPE [= NULL] [OUTPUT]} per line, then {@code AS};
 * functions put their parameters in parentheses and then {@code RETURNS}.
 *
 * <p>The helpers of schema {@code ecliptix_internal} are read apart ({@link #helpers}): not part of the
 * contract's catalog, but compared between the engines by name, parameters and results.
 */
final class MigrationFolder {

    final Engine engine;
    /** Each declaration ({@code table X}, {@code procedure Y}, {@code index Z}, ...) with the file that holds it. */
    final Map<String, String> fileOf = new TreeMap<>();
    /** Per file, its declarations in order of appearance. */
    final Map<String, List<String>> order = new TreeMap<>();
    /** Breaks of the contract's header rules: every output defaults to NULL, no input does, functions have no outputs. */
    final List<String> headerRuleBreaks = new ArrayList<>();
    /** The helpers of schema ecliptix_internal by name, each as its last declaration in Flyway's order states it. */
    final Map<String, Helper> helpers = new TreeMap<>();

    private final Map<String, TableBuilder> tables = new LinkedHashMap<>();
    private final List<Routine> routines = new ArrayList<>();

    private MigrationFolder(Engine engine) {
        this.engine = engine;
    }

    /** Reads every {@code .sql} file of the engine's folder on the class path (a directory or the schema jar). */
    static MigrationFolder of(Engine engine) {
        String folder = "db/migration/" + engine.folder();
        Map<String, String> files = new TreeMap<>();
        ClassPathFiles.under(MigrationFolder.class.getClassLoader(), folder).forEach((path, bytes) -> {
            if (path.endsWith(".sql")) {
                files.put(path.substring(path.lastIndexOf('/') + 1), new String(bytes, StandardCharsets.UTF_8));
            }
        });
        if (files.isEmpty()) {
            throw new IllegalStateException("no .sql files in " + folder + " on the class path");
        }
        return parse(engine, files);
    }

    /** Parses migration texts keyed by file name, in Flyway's order: versions by number, then repeatables. */
    static MigrationFolder parse(Engine engine, Map<String, String> files) {
        MigrationFolder folder = new MigrationFolder(engine);
        files.keySet().stream().sorted(FLYWAY_ORDER).forEach(file -> folder.parseFile(file, files.get(file)));
        return folder;
    }

    private static final Comparator<String> FLYWAY_ORDER = Comparator.comparing((String file) -> !file.startsWith("V"))
            .thenComparingInt(file -> file.startsWith("V") ? Integer.parseInt(file.substring(1, file.indexOf("__"))) : 0)
            .thenComparing(Comparator.naturalOrder());

    /** The declared objects as a catalog, without routine bodies. */
    Catalog catalog() {
        return new Catalog(engine, tables.values().stream().map(TableBuilder::build).toList(), routines);
    }

    // ------------------------------------------------------------------ reading

    private static final String Q = "\"?"; // PostgreSQL quotes identifiers, T-SQL does not
    private static final String NAME = Q + "(\\w+)" + Q;
    private static final Pattern ROUTINE = Pattern.compile(
            "^CREATE\\s+(?:OR\\s+(?:ALTER|REPLACE)\\s+)?(PROCEDURE|FUNCTION)\\s+(\\w+)\\." + NAME + "\\s*(\\(\\s*\\)?)?\\s*$");
    private static final Pattern TABLE = Pattern.compile("^CREATE\\s+TABLE\\s+dbo\\." + NAME + "\\s*\\(?\\s*$");
    private static final Pattern TRIGGER = Pattern.compile("^CREATE\\s+(?:OR\\s+(?:ALTER|REPLACE)\\s+)?TRIGGER\\s+(?:dbo\\.)?" + NAME + "\\s*$");
    private static final Pattern INDEX = Pattern.compile("^CREATE\\s+(UNIQUE\\s+)?(?:(?:NON)?CLUSTERED\\s+)?INDEX\\s+" + NAME + "\\s*$");
    private static final Pattern ON_TABLE = Pattern.compile("\\bON\\s+dbo\\." + NAME + "\\s*(?:\\(([^)]*)\\))?");
    private static final Pattern EVENT = Pattern.compile("\\b(INSERT|UPDATE|DELETE)\\b");
    private static final Pattern CONSTRAINT = Pattern.compile("\\bCONSTRAINT\\s+" + Q + "(?<name>\\w+)" + Q + "\\s+(?:"
            + "(?<key>PRIMARY\\s+KEY|UNIQUE)(?:\\s+(?:NON)?CLUSTERED)?\\s*\\((?<keyColumns>[^)]*)\\)"
            + "|FOREIGN\\s+KEY\\s*\\((?<columns>[^)]*)\\)\\s*REFERENCES\\s+dbo\\." + Q + "(?<referenced>\\w+)" + Q
            + "\\s*\\((?<referencedColumns>[^)]*)\\)(?<actions>(?:\\s+ON\\s+(?:DELETE|UPDATE)\\s+(?:NO\\s+ACTION|CASCADE|SET\\s+NULL|SET\\s+DEFAULT|RESTRICT))*)"
            + "|(?<check>CHECK)\\b|(?<default>DEFAULT)\\b)");
    private static final Pattern ACTION = Pattern.compile("ON\\s+(DELETE|UPDATE)\\s+(NO\\s+ACTION|CASCADE|SET\\s+NULL|SET\\s+DEFAULT|RESTRICT)");
    private static final Pattern PG_PARAM = Pattern.compile(
            "^\\s*(INOUT\\s+|OUT\\s+)?\"(\\w+)\"\\s+([A-Za-z][\\w ]*?(?:\\(\\s*\\d+\\s*(?:,\\s*\\d+\\s*)?\\))?)(\\s+DEFAULT\\s+NULL)?\\s*,?\\s*$");
    private static final Pattern TSQL_PARAM = Pattern.compile(
            "^\\s*@(\\w+)\\s+([A-Za-z]\\w*(?:\\(\\s*(?:\\d+|MAX)\\s*(?:,\\s*\\d+\\s*)?\\))?)(\\s*=\\s*NULL)?(\\s+(?:OUTPUT|OUT))?\\s*,?\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RETURNS = Pattern.compile("^RETURNS\\s+(\\w+(?:\\s*\\([^)]*\\))?)", Pattern.CASE_INSENSITIVE);
    /** Any declaration of a contract object: one the patterns above do not read is an error, never skipped. */
    private static final Pattern UNREAD_CREATE = Pattern.compile("^CREATE\\b.*\\b(TABLE|INDEX|TRIGGER|PROCEDURE|FUNCTION|VIEW)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HELPER = Pattern.compile(
            "^CREATE\\s+(?:OR\\s+(?:ALTER|REPLACE)\\s+)?(PROCEDURE|FUNCTION)\\s+ecliptix_internal\\.(\\w+)(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PG_HELPER_PARAM = Pattern.compile(
            "^(?:(IN|OUT|INOUT)\\s+)?(\\w+)\\s+(.+?)(?:\\s+DEFAULT\\s+.*)?$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TSQL_HELPER_PARAM = Pattern.compile(
            "^@(\\w+)\\s+(\\w+(?:\\s*\\([^)]*\\))?)(?:\\s*=\\s*\\S+)?(\\s+(?:OUTPUT|OUT))?$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile("^\\s+" + Q + "([A-Z][a-z]\\w*)" + Q + "\\s+([A-Za-z]\\w*(?:\\s*\\([^)]*\\))?)");

    private void parseFile(String file, String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\\R", -1)) {
            int comment = raw.indexOf("--");
            lines.add(comment < 0 ? raw : raw.substring(0, comment));
        }
        boolean inBody = false; // PostgreSQL: between $$ ... $$ (routine bodies are not declarations)
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (engine == Engine.POSTGRESQL && count(line, "$$") % 2 == 1) {
                inBody = !inBody;
                continue;
            }
            if (inBody) {
                continue;
            }
            String trimmed = line.strip();
            Matcher m;
            if ((m = HELPER.matcher(trimmed)).matches()) {
                i = readHelper(file, lines, i, m.group(1), m.group(2), m.group(3));
            } else if ((m = ROUTINE.matcher(trimmed)).matches()) {
                if (!m.group(2).equals("dbo")) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": a routine outside dbo and ecliptix_internal: '" + trimmed + "'");
                }
                i = readRoutine(file, lines, i, m.group(1), m.group(3), m.group(4));
            } else if ((m = TABLE.matcher(trimmed)).matches()) {
                i = readTable(file, lines, i, m.group(1));
            } else if ((m = TRIGGER.matcher(trimmed)).matches()) {
                String statement = statement(lines, i);
                Matcher on = ON_TABLE.matcher(statement);
                if (!on.find()) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": cannot read the table of trigger " + m.group(1));
                }
                List<String> events = new ArrayList<>();
                Matcher event = EVENT.matcher(statement.substring(0, on.start()) + " " + statement.substring(on.end()).split("\\bAS\\b|\\bFOR\\s+EACH\\b")[0]);
                while (event.find()) {
                    events.add(event.group(1).toLowerCase(Locale.ROOT));
                }
                declare(file, "trigger " + m.group(1));
                table(file, i, on.group(1)).triggers.add(new Trigger(m.group(1), events, true));
            } else if ((m = INDEX.matcher(trimmed)).matches()) {
                String statement = statement(lines, i);
                Matcher on = ON_TABLE.matcher(statement);
                if (!on.find() || on.group(2) == null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": cannot read the table and columns of index " + m.group(2));
                }
                // A filtered index is compared as filtered or not: the predicates' spellings differ by engine.
                String filter = Pattern.compile("\\bWHERE\\b").matcher(statement).find() ? "filtered" : null;
                declare(file, "index " + m.group(2));
                table(file, i, on.group(1)).indexes.add(new Index(m.group(2), m.group(1) != null, names(on.group(2)), List.of(), filter, true));
            } else if (UNREAD_CREATE.matcher(trimmed).find() && !trimmed.startsWith("CREATE SCHEMA")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": cannot read this declaration: '" + trimmed + "'");
            }
        }
    }

    private int readRoutine(String file, List<String> lines, int start, String kindWord, String name, String openParen) {
        Routine.Kind kind = Routine.Kind.valueOf(kindWord.toUpperCase(Locale.ROOT));
        List<Parameter> parameters = new ArrayList<>();
        int i = start + 1;
        boolean parenthesised = engine == Engine.POSTGRESQL || kind == Routine.Kind.FUNCTION;
        if (parenthesised && openParen == null) {
            // T-SQL functions may open the parenthesis on the next line.
            if (!lines.get(i).strip().equals("(")) {
                throw new IllegalArgumentException(file + ":" + (start + 1) + ": expected '(' after " + kindWord + " " + name);
            }
            i++;
        }
        boolean closedOnHeader = openParen != null && openParen.replaceAll("\\s", "").equals("()");
        for (; !closedOnHeader; i++) {
            if (i >= lines.size()) {
                throw new IllegalArgumentException(file + ": header of " + name + " does not end");
            }
            String trimmed = lines.get(i).strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (parenthesised ? trimmed.startsWith(")") : trimmed.equalsIgnoreCase("AS")) {
                break;
            }
            Matcher m = (engine == Engine.POSTGRESQL ? PG_PARAM : TSQL_PARAM).matcher(lines.get(i));
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": cannot read a parameter of " + name + ": '" + trimmed + "'");
            }
            boolean postgres = engine == Engine.POSTGRESQL;
            boolean output = m.group(postgres ? 1 : 4) != null;
            boolean defaultsToNull = m.group(postgres ? 4 : 3) != null;
            String parameter = m.group(postgres ? 2 : 1);
            if (output != defaultsToNull) {
                headerRuleBreaks.add(language() + " " + name + ": " + (output
                        ? "output parameter " + parameter + " has no DEFAULT NULL / = NULL"
                        : "input parameter " + parameter + " has a default (inputs are required)"));
            }
            parameters.add(new Parameter(parameters.size() + 1, parameter, output ? Parameter.Mode.INOUT : Parameter.Mode.IN,
                    TypeNames.signature(columnType(m.group(postgres ? 3 : 2))), defaultsToNull));
        }
        String returns = null;
        if (kind == Routine.Kind.FUNCTION) {
            if (parameters.stream().anyMatch(p -> p.mode() != Parameter.Mode.IN)) {
                headerRuleBreaks.add(language() + " function " + name + " has an output parameter");
            }
            String after = lines.get(i).strip().substring(closedOnHeader ? 0 : 1).strip();
            if (closedOnHeader || after.isEmpty()) {
                after = lines.get(closedOnHeader ? i : i + 1).strip();
            }
            Matcher r = RETURNS.matcher(after);
            if (!r.find()) {
                throw new IllegalArgumentException(file + ": expected RETURNS after the parameters of " + name + ", found '" + after + "'");
            }
            // Result columns are compared on real databases; the text reader tells a table from a scalar.
            returns = r.group(1).toUpperCase(Locale.ROOT).startsWith("TABLE") ? "table" : TypeNames.signature(columnType(r.group(1)));
        }
        declare(file, kind.text() + " " + name);
        routines.add(new Routine(name, kind, parameters, returns, null));
        return i;
    }

    /**
     * A helper's header, from the text after its name up to the line that starts its body ({@code AS},
     * or PostgreSQL's {@code LANGUAGE}): the parameters (in parentheses, or T-SQL procedures' bare list)
     * and, for functions, the RETURNS clause. Returns the last header line.
     */
    private int readHelper(String file, List<String> lines, int start, String kindWord, String name, String rest) {
        StringBuilder header = new StringBuilder(rest);
        int i = start + 1;
        for (; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (trimmed.equalsIgnoreCase("AS") || trimmed.toUpperCase(Locale.ROOT).startsWith("AS $$")
                    || trimmed.toUpperCase(Locale.ROOT).startsWith("LANGUAGE")) {
                break;
            }
            header.append('\n').append(lines.get(i));
        }
        String text = header.toString().strip();
        boolean function = kindWord.equalsIgnoreCase("FUNCTION");
        String parameterList;
        String after;
        if (text.startsWith("(")) {
            int close = closingParenthesis(text, 0);
            if (close < 0) {
                throw new IllegalArgumentException(file + ":" + (start + 1) + ": the parameters of helper " + name + " do not end");
            }
            parameterList = text.substring(1, close);
            after = text.substring(close + 1).strip();
        } else if (engine == Engine.SQLSERVER && !function) {
            parameterList = text;
            after = "";
        } else {
            throw new IllegalArgumentException(file + ":" + (start + 1) + ": expected '(' after helper " + name);
        }
        List<Parameter> inputs = new ArrayList<>();
        List<Parameter> outputs = new ArrayList<>();
        for (String declared : splitTopLevel(parameterList)) {
            Matcher m = (engine == Engine.POSTGRESQL ? PG_HELPER_PARAM : TSQL_HELPER_PARAM).matcher(declared);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (start + 1) + ": cannot read a parameter of helper " + name + ": '" + declared + "'");
            }
            boolean postgres = engine == Engine.POSTGRESQL;
            boolean output = postgres ? m.group(1) != null && !m.group(1).equalsIgnoreCase("IN") : m.group(3) != null;
            List<Parameter> list = output ? outputs : inputs;
            list.add(new Parameter(list.size() + 1, m.group(postgres ? 2 : 1), output ? Parameter.Mode.OUT : Parameter.Mode.IN,
                    TypeNames.signature(columnType(m.group(postgres ? 3 : 2).strip())), false));
        }
        String returns = null;
        if (function) {
            Matcher r = Pattern.compile("^RETURNS\\s+(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(after);
            if (r.matches()) {
                String type = r.group(1).strip();
                returns = type.toUpperCase(Locale.ROOT).startsWith("TABLE") ? Helper.TABLE
                        : type.equalsIgnoreCase("void") ? null : TypeNames.signature(columnType(type));
            } else if (!after.isEmpty() || outputs.isEmpty()) {
                throw new IllegalArgumentException(file + ": expected RETURNS after the parameters of helper " + name + ", found '" + after + "'");
            }
        }
        helpers.put(name, new Helper(name, function ? Routine.Kind.FUNCTION : Routine.Kind.PROCEDURE, inputs, outputs, returns, file));
        return i - 1;
    }

    /** The index of the parenthesis that closes the one at {@code open}, or -1. */
    private static int closingParenthesis(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A comma-separated list, split at the commas outside parentheses; blank parts left out. */
    private static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i <= list.length(); i++) {
            char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String part = list.substring(from, i).strip().replaceAll("\\s+", " ");
                if (!part.isEmpty()) {
                    parts.add(part);
                }
                from = i + 1;
            }
        }
        return parts;
    }

    /**
     * A helper of schema {@code ecliptix_internal}: its inputs, its outputs (PostgreSQL's OUT parameters,
     * T-SQL's OUTPUT parameters) and, for a function, what it returns: a type, {@link #TABLE}, or null
     * (PostgreSQL's void, or a function with OUT parameters).
     */
    record Helper(String name, Routine.Kind kind, List<Parameter> inputs, List<Parameter> outputs, String returns, String file) {

        static final String TABLE = "table";

        /**
         * What the helper gives back: its OUTPUT / OUT parameters, or a function's returned value (no name).
         * T-SQL functions cannot write, so a PostgreSQL function that writes and returns one value is a
         * T-SQL procedure with one OUTPUT parameter.
         */
        List<Parameter> results() {
            return returns == null || returns.equals(TABLE) ? outputs : List.of(new Parameter(1, "", Parameter.Mode.OUT, returns, false));
        }

        /** A name as both engines' conventions compare it: {@code @PhoneNumber} and {@code p_phone_number} are {@code phonenumber}. */
        static String comparable(String name) {
            return name.toLowerCase(Locale.ROOT).replaceFirst("^@", "").replaceFirst("^p_", "").replace("_", "");
        }

        /**
         * Inputs and results in comparable names, equal for the same helper in either engine. One result is
         * compared by its type alone (PostgreSQL's returned value has no name); several by name and type.
         */
        String shape() {
            List<Parameter> results = results();
            return "(" + String.join(", ", inputs.stream().map(p -> comparable(p.name()) + " " + p.type()).toList()) + ") -> "
                    + (TABLE.equals(returns) ? TABLE
                            : results.isEmpty() ? "nothing"
                            : results.size() == 1 ? results.get(0).type()
                            : "(" + String.join(", ", results.stream().map(p -> comparable(p.name()) + " " + p.type()).toList()) + ")");
        }
    }

    private int readTable(String file, List<String> lines, int start, String name) {
        if (tables.containsKey(name)) {
            throw new IllegalArgumentException(engine + ": table " + name + " is declared twice");
        }
        declare(file, "table " + name);
        TableBuilder table = new TableBuilder(name);
        tables.put(name, table);
        StringBuilder body = new StringBuilder();
        int i = start + 1;
        for (; i < lines.size() && !lines.get(i).startsWith(")"); i++) {
            String line = lines.get(i);
            body.append(line).append('\n');
            Matcher m = COLUMN.matcher(line);
            if (m.find() && !line.strip().startsWith("CONSTRAINT")) {
                String upper = line.toUpperCase(Locale.ROOT);
                Column.Identity identity = upper.contains("GENERATED BY DEFAULT AS IDENTITY") ? Column.Identity.BY_DEFAULT
                        : upper.contains("IDENTITY") ? Column.Identity.ALWAYS : Column.Identity.NONE;
                // Key and identity columns are NOT NULL whether or not the line says so.
                boolean nullable = !upper.contains("NOT NULL") && identity == Column.Identity.NONE && !upper.contains("PRIMARY KEY");
                table.columns.add(new Column(m.group(1), columnType(m.group(2)), nullable, identity, null));
            }
        }
        readConstraints(file, table, body.toString());
        return i;
    }

    /** The named constraints of a table's body; the keyword after the name may be on the next line. */
    private void readConstraints(String file, TableBuilder table, String body) {
        Matcher c = CONSTRAINT.matcher(body);
        while (c.find()) {
            String name = c.group("name");
            if (c.group("default") != null) {
                if (engine == Engine.POSTGRESQL) {
                    headerRuleBreaks.add("constraint " + name + ": PostgreSQL has no named defaults");
                }
                continue; // T-SQL names its defaults (DF_<Table>_<Column>); PostgreSQL's have no names.
            }
            declare(file, "constraint " + name);
            if (c.group("key") != null) {
                table.keys.add(new KeyConstraint(name, c.group("key").startsWith("PRIMARY"), names(c.group("keyColumns"))));
            } else if (c.group("columns") != null) {
                Map<String, String> actions = new TreeMap<>(Map.of("DELETE", ForeignKey.NO_ACTION, "UPDATE", ForeignKey.NO_ACTION));
                Matcher action = ACTION.matcher(c.group("actions"));
                while (action.find()) {
                    actions.put(action.group(1), action.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
                }
                table.foreignKeys.add(new ForeignKey(name, names(c.group("columns")), c.group("referenced"), names(c.group("referencedColumns")),
                        actions.get("DELETE"), actions.get("UPDATE"), true));
            } else {
                table.checks.add(new CheckConstraint(name, "", true));
            }
        }
    }

    /** The folder's language, as messages name it. */
    String language() {
        return engine == Engine.POSTGRESQL ? "PostgreSQL" : "T-SQL";
    }

    private TableBuilder table(String file, int line, String name) {
        TableBuilder table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException(file + ":" + (line + 1) + ": table " + name + " is not declared before this");
        }
        return table;
    }

    private void declare(String file, String declaration) {
        if (fileOf.put(declaration, file) != null) {
            throw new IllegalArgumentException(language() + ": " + declaration + " is declared twice");
        }
        order.computeIfAbsent(file, f -> new ArrayList<>()).add(declaration);
    }

    /** The statement that starts at a line: up to the next ';', GO or blank line. */
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

    private static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            names.add(name.replace("\"", "").strip().replaceAll("\\s+", " ").replaceAll("(?i) asc$", "").replaceAll("(?i) desc$", " desc"));
        }
        return names;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    /** A declared type in the contract's names, through the same {@link TypeNames} mapping as the engine's catalog. */
    private String columnType(String declared) {
        Matcher m = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9 ]*?)\\s*(?:\\(\\s*(\\d+|MAX|max)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*$").matcher(declared);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read the type '" + declared + "'");
        }
        String base = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        boolean max = "max".equalsIgnoreCase(m.group(2));
        Integer length = m.group(2) == null || max ? null : Integer.valueOf(m.group(2));
        int scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (engine == Engine.SQLSERVER) {
            int bytes = max || length == null ? -1 : base.startsWith("n") ? 2 * length : length;
            // DATETIME2 without a precision is DATETIME2(7); DECIMAL(p, s) keeps both in precision and scale.
            return TypeNames.sqlServer(base, bytes, length == null ? 0 : length,
                    base.equals("datetime2") ? (length == null ? 7 : length) : scale);
        }
        String typname = switch (base) {
            case "integer", "int" -> "int4";
            case "smallint" -> "int2";
            case "bigint" -> "int8";
            case "boolean" -> "bool";
            case "character varying" -> "varchar";
            case "timestamp without time zone" -> "timestamp";
            default -> base;
        };
        // pg_attribute.atttypmod: length + 4 for varchar, the precision itself for timestamp, -1 when absent.
        int typmod = length == null ? -1 : switch (typname) {
            case "timestamp" -> length;
            case "numeric" -> ((length << 16) | scale) + 4;
            default -> length + 4;
        };
        return TypeNames.postgres(typname, typmod, base);
    }

    /** A table's parts as the reader finds them, possibly in several files. */
    private static final class TableBuilder {
        final String name;
        final List<Column> columns = new ArrayList<>();
        final List<KeyConstraint> keys = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<CheckConstraint> checks = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final List<Trigger> triggers = new ArrayList<>();

        TableBuilder(String name) {
            this.name = name;
        }

        Table build() {
            return new Table(name, columns, keys, foreignKeys, checks, indexes, triggers);
        }
    }
}
