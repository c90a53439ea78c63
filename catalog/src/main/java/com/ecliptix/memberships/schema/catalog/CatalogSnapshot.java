package com.ecliptix.memberships.schema.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The snapshot file: a {@link Catalog} as sorted, line-per-fact text, so that a change to the schema
 * is a readable line diff in review, and the text is byte-for-byte the same for the same schema.
 *
 * <pre>
 * engine postgresql
 *
 * table AppDevices
 *   column DeviceType int not null default 1
 *   primary key PK_AppDevices (Id)
 *   unique UQ_AppDevices_UniqueId (UniqueId)
 *   foreign key FK_X_Y (Y) references Other (UniqueId) [on delete cascade] [on update ...] [disabled]
 *   check CK_X_Status (Status in ('a', 'b')) [disabled]
 *   index UX_AppDevices_Live unique (DeviceId) [include (A)] [disabled] [where not IsDeleted]
 *   trigger TRG_AppDevices_Update on update enabled
 *
 * procedure RegisterAppDeviceIfNotExists
 *   parameter 1 AppInstanceId in uuid
 *   parameter 4 DeviceUniqueId inout uuid optional
 *   body sha256:...
 *
 * function GetConfigValue
 *   parameter 1 ConfigKey in text
 *   returns text
 * </pre>
 *
 * Lines starting with {@code #} are comments. Names that are not plain identifiers are double-quoted.
 */
public final class CatalogSnapshot {

    /** Where the committed snapshot lives on the class path (source: {@code schema/src/main/resources}). */
    public static final String RESOURCE = "catalog/dbo.snapshot";

    /** The command, from the repository's root, that rewrites the committed snapshot (the cli's snapshot verb). */
    public static final String UPDATE_COMMAND =
            "mvn -q -pl cli -am package -DskipTests && java -jar cli/target/ecliptix-memberships-cli.jar snapshot";

    private static final String HEADER = """
            # The catalog of schema dbo that the migrations build: the database contract as data.
            # Written by SnapshotCommand from a freshly migrated PostgreSQL database; do not edit by hand.
            # Update it with: %s
            # Format: com.ecliptix.memberships.schema.catalog.CatalogSnapshot; rules: CatalogDiff.
            """.formatted(UPDATE_COMMAND);

    private static final String INDENT = "  ";

    private CatalogSnapshot() {
    }

    /** The snapshot committed with these migrations. */
    public static Catalog committed() {
        try (InputStream in = CatalogSnapshot.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No committed catalog snapshot on the class path at " + RESOURCE
                        + "; create it with: " + UPDATE_COMMAND);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a snapshot's text back into a catalog ({@link SnapshotParser}); a malformed line fails with its number. */
    public static Catalog parse(String text) {
        return new SnapshotParser(text).parse();
    }

    public static String render(Catalog catalog) {
        StringBuilder out = new StringBuilder(HEADER);
        out.append("engine ").append(catalog.engine().name().toLowerCase(Locale.ROOT)).append('\n');
        catalog.tables().forEach(t -> object(out, "table " + Names.render(t.name()), lines(t)));
        catalog.routines().forEach(r -> object(out, r.kind().text() + " " + Names.render(r.name()), lines(r)));
        return out.toString();
    }

    /** An object's line after a blank one, then its members' lines, indented. */
    private static void object(StringBuilder out, String line, List<String> members) {
        out.append('\n').append(line).append('\n');
        members.forEach(member -> out.append(INDENT).append(member).append('\n'));
    }

    static List<String> lines(Table table) {
        List<String> lines = new ArrayList<>();
        table.columns().forEach(c -> lines.add(line(c)));
        table.keys().forEach(k -> lines.add(line(k)));
        table.foreignKeys().forEach(f -> lines.add(line(f)));
        table.checks().forEach(c -> lines.add(line(c)));
        table.indexes().forEach(i -> lines.add(line(i)));
        table.triggers().forEach(t -> lines.add(line(t)));
        return lines;
    }

    static List<String> lines(Routine routine) {
        List<String> lines = new ArrayList<>();
        routine.parameters().forEach(p -> lines.add(line(p)));
        if (routine.returns() != null) {
            lines.add("returns " + routine.returns());
        }
        if (routine.bodyHash() != null) {
            lines.add("body " + routine.bodyHash());
        }
        return lines;
    }

    static String line(Column column) {
        return "column " + Names.render(column.name()) + " " + column.type() + (column.nullable() ? " null" : " not null")
                + (column.identity() == Column.Identity.NONE ? "" : " " + column.identity().text())
                + (column.defaultValue() == null ? "" : " default " + column.defaultValue());
    }

    static String line(KeyConstraint key) {
        return (key.primary() ? "primary key " : "unique ") + Names.render(key.name()) + " " + names(key.columns());
    }

    static String line(ForeignKey fk) {
        return "foreign key " + Names.render(fk.name()) + " " + names(fk.columns()) + " references "
                + Names.render(fk.referencedTable()) + " " + names(fk.referencedColumns())
                + (fk.onDelete().equals(ForeignKey.NO_ACTION) ? "" : " on delete " + fk.onDelete())
                + (fk.onUpdate().equals(ForeignKey.NO_ACTION) ? "" : " on update " + fk.onUpdate())
                + (fk.enabled() ? "" : " disabled");
    }

    static String line(CheckConstraint check) {
        return "check " + Names.render(check.name()) + " (" + check.expression() + ")" + (check.enabled() ? "" : " disabled");
    }

    static String line(Index index) {
        return "index " + Names.render(index.name()) + (index.unique() ? " unique (" : " (") + String.join(", ", index.columns())
                + ")" + (index.included().isEmpty() ? "" : " include " + names(index.included()))
                + (index.enabled() ? "" : " disabled") + (index.filter() == null ? "" : " where " + index.filter());
    }

    static String line(Trigger trigger) {
        return "trigger " + Names.render(trigger.name()) + " on " + String.join(", ", trigger.events())
                + (trigger.enabled() ? " enabled" : " disabled");
    }

    static String line(Parameter parameter) {
        return "parameter " + parameter.position() + " " + Names.render(parameter.name()) + " " + parameter.mode().text()
                + " " + parameter.type() + (parameter.optional() ? " optional" : "");
    }

    private static String names(List<String> names) {
        return names.stream().map(Names::render).collect(Collectors.joining(", ", "(", ")"));
    }
}
