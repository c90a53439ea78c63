package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the text {@link CatalogSnapshot#render} writes. */
final class SnapshotParser {

    private final String[] lines;
    private int number;
    private Engine engine;
    private final List<Table> tables = new ArrayList<>();
    private final List<Routine> routines = new ArrayList<>();
    private TableBuilder table;
    private RoutineBuilder routine;

    SnapshotParser(String text) {
        this.lines = text.split("\r?\n", -1);
    }

    Catalog parse() {
        for (number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                if (line.startsWith("  ")) {
                    member(new LineCursor(line.strip()));
                } else {
                    object(new LineCursor(line));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Catalog snapshot line " + number + ": " + e.getMessage() + ": " + line, e);
            }
        }
        finish();
        if (engine == null) {
            throw new IllegalArgumentException("Catalog snapshot has no 'engine' line");
        }
        return new Catalog(engine, tables, routines);
    }

    private void object(LineCursor line) {
        finish();
        String keyword = line.word();
        switch (keyword) {
            case "engine" -> engine = Engine.valueOf(line.word().toUpperCase(Locale.ROOT));
            case "table" -> table = new TableBuilder(line.name());
            case "procedure", "function" -> routine = new RoutineBuilder(line.name(),
                    Routine.Kind.valueOf(keyword.toUpperCase(Locale.ROOT)));
            default -> throw new IllegalArgumentException("unknown object '" + keyword + "'");
        }
        line.end();
    }

    private void member(LineCursor line) {
        if (table != null) {
            table.add(line);
        } else if (routine != null) {
            routine.add(line);
        } else {
            throw new IllegalArgumentException("an indented line outside a table or routine");
        }
    }

    private void finish() {
        if (table != null) {
            tables.add(table.build());
            table = null;
        }
        if (routine != null) {
            routines.add(routine.build());
            routine = null;
        }
    }

    private static final class TableBuilder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();
        private final List<KeyConstraint> keys = new ArrayList<>();
        private final List<ForeignKey> foreignKeys = new ArrayList<>();
        private final List<CheckConstraint> checks = new ArrayList<>();
        private final List<Index> indexes = new ArrayList<>();
        private final List<Trigger> triggers = new ArrayList<>();

        TableBuilder(String name) {
            this.name = name;
        }

        void add(LineCursor line) {
            if (line.accept("column")) {
                column(line);
            } else if (line.accept("primary key")) {
                keys.add(new KeyConstraint(line.name(), true, line.names()));
            } else if (line.accept("unique")) {
                keys.add(new KeyConstraint(line.name(), false, line.names()));
            } else if (line.accept("foreign key")) {
                foreignKey(line);
            } else if (line.accept("check")) {
                checks.add(new CheckConstraint(line.name(), line.parenthesized(), !line.accept("disabled")));
            } else if (line.accept("index")) {
                index(line);
            } else if (line.accept("trigger")) {
                trigger(line);
                return;
            } else {
                throw new IllegalArgumentException("unknown table member");
            }
            line.end();
        }

        private void column(LineCursor line) {
            String columnName = line.name();
            String type = line.word();
            boolean nullable = !line.accept("not null");
            if (nullable) {
                line.expect("null");
            }
            Column.Identity identity = line.accept("identity by default") ? Column.Identity.BY_DEFAULT
                    : line.accept("identity") ? Column.Identity.ALWAYS : Column.Identity.NONE;
            String defaultValue = line.accept("default") ? line.rest() : null;
            columns.add(new Column(columnName, type, nullable, identity, defaultValue));
        }

        private void foreignKey(LineCursor line) {
            String fkName = line.name();
            List<String> columns = line.names();
            line.expect("references");
            String referenced = line.name();
            List<String> referencedColumns = line.names();
            String onDelete = line.accept("on delete") ? line.action() : ForeignKey.NO_ACTION;
            String onUpdate = line.accept("on update") ? line.action() : ForeignKey.NO_ACTION;
            foreignKeys.add(new ForeignKey(fkName, columns, referenced, referencedColumns, onDelete, onUpdate,
                    !line.accept("disabled")));
        }

        private void index(LineCursor line) {
            String indexName = line.name();
            boolean unique = line.accept("unique");
            List<String> columns = line.items();
            List<String> included = line.accept("include") ? line.names() : List.of();
            boolean enabled = !line.accept("disabled");
            String filter = line.accept("where") ? line.rest() : null;
            indexes.add(new Index(indexName, unique, columns, included, filter, enabled));
        }

        private void trigger(LineCursor line) {
            String triggerName = line.name();
            line.expect("on");
            String rest = line.rest();
            int space = rest.lastIndexOf(' ');
            String state = rest.substring(space + 1);
            if (space < 0 || !(state.equals("enabled") || state.equals("disabled"))) {
                throw new IllegalArgumentException("a trigger ends with 'enabled' or 'disabled'");
            }
            triggers.add(new Trigger(triggerName, List.of(rest.substring(0, space).split(",\\s*")), state.equals("enabled")));
        }

        Table build() {
            return new Table(name, columns, keys, foreignKeys, checks, indexes, triggers);
        }
    }

    private static final class RoutineBuilder {
        private final String name;
        private final Routine.Kind kind;
        private final List<Parameter> parameters = new ArrayList<>();
        private String returns;
        private String bodyHash;

        RoutineBuilder(String name, Routine.Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        void add(LineCursor line) {
            if (line.accept("parameter")) {
                int position = Integer.parseInt(line.word());
                String parameterName = line.name();
                Parameter.Mode mode = Parameter.Mode.valueOf(line.word().toUpperCase(Locale.ROOT));
                String type = line.word();
                parameters.add(new Parameter(position, parameterName, mode, type, line.accept("optional")));
                line.end();
            } else if (line.accept("returns")) {
                returns = line.rest();
            } else if (line.accept("body")) {
                bodyHash = line.word();
                line.end();
            } else {
                throw new IllegalArgumentException("unknown routine member");
            }
        }

        Routine build() {
            return new Routine(name, kind, parameters, returns, bodyHash);
        }
    }
}
