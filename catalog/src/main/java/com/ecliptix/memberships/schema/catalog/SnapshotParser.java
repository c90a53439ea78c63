package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the text {@link CatalogSnapshot#render} writes: one pattern per kind of line, in the order the
 * renderer writes its parts. A line that no pattern reads fails with its number.
 */
final class SnapshotParser {

    /** A bare name, or a double-quoted one with {@code ""} for a quote ({@link Names}). */
    private static final String NAME = "(\"(?:[^\"]|\"\")*\"|[^\\s\"(),]+)";
    private static final String ACTION = "(no action|cascade|set null|set default|restrict)";

    private static final Pattern ENGINE = Pattern.compile("engine (\\w+)");
    private static final Pattern TABLE = Pattern.compile("table " + NAME);
    private static final Pattern ROUTINE = Pattern.compile("(procedure|function) " + NAME);

    private static final Pattern COLUMN = Pattern.compile(
            "column " + NAME + " (\\S+) (null|not null)( identity by default| identity)?(?: default (.+))?");
    private static final Pattern KEY = Pattern.compile("(primary key|unique) " + NAME + " \\((.*)\\)");
    private static final Pattern FOREIGN_KEY = Pattern.compile("foreign key " + NAME + " \\((.*?)\\) references " + NAME
            + " \\((.*?)\\)(?: on delete " + ACTION + ")?(?: on update " + ACTION + ")?( disabled)?");
    private static final Pattern CHECK = Pattern.compile("check " + NAME + " \\((.*)\\)( disabled)?");
    // The key list is lazy, so that an expression key with parentheses still ends at the last ')'.
    private static final Pattern INDEX = Pattern.compile(
            "index " + NAME + "( unique)? \\((.*?)\\)(?: include \\((.*?)\\))?( disabled)?(?: where (.+))?");
    private static final Pattern TRIGGER = Pattern.compile("trigger " + NAME + " on (.+) (enabled|disabled)");
    private static final Pattern PARAMETER = Pattern.compile("parameter (\\d+) " + NAME + " (in|out|inout) (\\S+)( optional)?");
    private static final Pattern RETURNS = Pattern.compile("returns (.+)");
    private static final Pattern BODY = Pattern.compile("body (\\S+)");

    private final String[] lines;
    private Engine engine;
    private final TableParts tables = new TableParts();
    private final List<Routine> routines = new ArrayList<>();
    /** The object the indented lines belong to; null before the first. */
    private Consumer<String> member;
    private Runnable finish = () -> { };

    SnapshotParser(String text) {
        this.lines = text.split("\r?\n", -1);
    }

    Catalog parse() {
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                if (!line.startsWith("  ")) {
                    object(line);
                } else if (member == null) {
                    throw new IllegalArgumentException("an indented line outside a table or routine");
                } else {
                    member.accept(line.strip());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Catalog snapshot line " + number + ": " + e.getMessage() + ": " + line, e);
            }
        }
        finish.run();
        if (engine == null) {
            throw new IllegalArgumentException("Catalog snapshot has no 'engine' line");
        }
        return new Catalog(engine, tables.tables(), routines);
    }

    private void object(String line) {
        finish.run();
        finish = () -> { };
        Matcher m;
        if ((m = ENGINE.matcher(line)).matches()) {
            engine = Engine.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            member = null;
        } else if ((m = TABLE.matcher(line)).matches()) {
            table(Names.parse(m.group(1)));
        } else if ((m = ROUTINE.matcher(line)).matches()) {
            routine(Names.parse(m.group(2)), Routine.Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT)));
        } else {
            throw new IllegalArgumentException("not an engine, table, procedure or function line");
        }
    }

    private void table(String name) {
        TableParts.Parts parts = tables.table(name);
        member = line -> {
            Matcher m;
            if ((m = COLUMN.matcher(line)).matches()) {
                Column.Identity identity = m.group(4) == null ? Column.Identity.NONE
                        : m.group(4).equals(" identity") ? Column.Identity.ALWAYS : Column.Identity.BY_DEFAULT;
                parts.columns().add(new Column(Names.parse(m.group(1)), m.group(2), m.group(3).equals("null"), identity,
                        m.group(5)));
            } else if ((m = KEY.matcher(line)).matches()) {
                parts.keys().add(new KeyConstraint(Names.parse(m.group(2)), m.group(1).equals("primary key"), names(m.group(3))));
            } else if ((m = FOREIGN_KEY.matcher(line)).matches()) {
                parts.foreignKeys().add(new ForeignKey(Names.parse(m.group(1)), names(m.group(2)), Names.parse(m.group(3)),
                        names(m.group(4)), Objects.requireNonNullElse(m.group(5), ForeignKey.NO_ACTION),
                        Objects.requireNonNullElse(m.group(6), ForeignKey.NO_ACTION), m.group(7) == null));
            } else if ((m = CHECK.matcher(line)).matches()) {
                parts.checks().add(new CheckConstraint(Names.parse(m.group(1)), m.group(2), m.group(3) == null));
            } else if ((m = INDEX.matcher(line)).matches()) {
                parts.indexes().add(new Index(Names.parse(m.group(1)), m.group(2) != null, items(m.group(3)),
                        m.group(4) == null ? List.of() : names(m.group(4)), m.group(6), m.group(5) == null));
            } else if ((m = TRIGGER.matcher(line)).matches()) {
                parts.triggers().add(new Trigger(Names.parse(m.group(1)), List.of(m.group(2).split(",\\s*")),
                        m.group(3).equals("enabled")));
            } else {
                throw new IllegalArgumentException("not a column, key, foreign key, check, index or trigger line");
            }
        };
    }

    private void routine(String name, Routine.Kind kind) {
        List<Parameter> parameters = new ArrayList<>();
        String[] returnsAndBody = new String[2];
        member = line -> {
            Matcher m;
            if ((m = PARAMETER.matcher(line)).matches()) {
                parameters.add(new Parameter(Integer.parseInt(m.group(1)), Names.parse(m.group(2)),
                        Parameter.Mode.valueOf(m.group(3).toUpperCase(Locale.ROOT)), m.group(4), m.group(5) != null));
            } else if ((m = RETURNS.matcher(line)).matches()) {
                returnsAndBody[0] = m.group(1);
            } else if ((m = BODY.matcher(line)).matches()) {
                returnsAndBody[1] = m.group(1);
            } else {
                throw new IllegalArgumentException("not a parameter, returns or body line");
            }
        };
        finish = () -> routines.add(new Routine(name, kind, parameters, returnsAndBody[0], returnsAndBody[1]));
    }

    private static List<String> names(String list) {
        return items(list).stream().map(Names::parse).toList();
    }

    /** A list's items ({@link TsqlText#items}), each as written. */
    private static List<String> items(String list) {
        return TsqlText.items(TsqlText.tokens(list), token -> false).stream()
                .map(item -> item.stream().map(TsqlText.Token::text).collect(Collectors.joining()).strip()).toList();
    }
}
