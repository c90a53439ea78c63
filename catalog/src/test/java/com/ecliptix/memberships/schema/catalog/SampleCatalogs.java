package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Small hand-built catalogs for the format and diff tests, and copies of them with one thing changed. */
final class SampleCatalogs {

    private SampleCatalogs() {
    }

    static Table phoneNumbers() {
        return new Table("PhoneNumbers",
                List.of(new Column("Id", "bigint", false, Column.Identity.ALWAYS, null),
                        new Column("PhoneNumber", "text(18)", false, Column.Identity.NONE, null),
                        new Column("Region", "text(2)", true, Column.Identity.NONE, null),
                        new Column("IsDeleted", "bool", false, Column.Identity.NONE, "false"),
                        new Column("UniqueId", "uuid", false, Column.Identity.NONE, "newid")),
                List.of(new KeyConstraint("PK_PhoneNumbers", true, List.of("Id")),
                        new KeyConstraint("UQ_PhoneNumbers_UniqueId", false, List.of("UniqueId"))),
                List.of(),
                List.of(new CheckConstraint("CK_PhoneNumbers_Region", "Region is null or Region ~ '^[A-Z]{2}$'", true)),
                List.of(new Index("UX_PhoneNumbers_Live", true, List.of("PhoneNumber"), List.of(), "not IsDeleted", true)),
                List.of(new Trigger("TRG_PhoneNumbers_Update", List.of("update"), true)));
    }

    static Routine ensurePhoneNumber() {
        return new Routine("EnsurePhoneNumber", Routine.Kind.PROCEDURE,
                List.of(new Parameter(1, "PhoneNumber", Parameter.Mode.IN, "text", false),
                        new Parameter(2, "Region", Parameter.Mode.IN, "text", false),
                        new Parameter(3, "PhoneNumberUniqueId", Parameter.Mode.INOUT, "uuid", true),
                        new Parameter(4, "Outcome", Parameter.Mode.INOUT, "text", true)),
                null, BodyFingerprint.of("BEGIN one; END"));
    }

    static Catalog base() {
        return new Catalog(Engine.POSTGRESQL, List.of(phoneNumbers()), List.of(ensurePhoneNumber()));
    }

    /** The base catalog with its table changed. */
    static Catalog withTable(UnaryOperator<Table> change) {
        return new Catalog(Engine.POSTGRESQL, List.of(change.apply(phoneNumbers())), List.of(ensurePhoneNumber()));
    }

    /** The base catalog with its procedure changed. */
    static Catalog withRoutine(UnaryOperator<Routine> change) {
        return new Catalog(Engine.POSTGRESQL, List.of(phoneNumbers()), List.of(change.apply(ensurePhoneNumber())));
    }

    static Table replaceColumn(Table table, Column column) {
        List<Column> columns = new ArrayList<>(table.columns().stream().filter(c -> !c.name().equals(column.name())).toList());
        columns.add(column);
        return new Table(table.name(), columns, table.keys(), table.foreignKeys(), table.checks(), table.indexes(), table.triggers());
    }

    static Table withoutColumn(Table table, String name) {
        return new Table(table.name(), table.columns().stream().filter(c -> !c.name().equals(name)).toList(), table.keys(),
                table.foreignKeys(), table.checks(), table.indexes(), table.triggers());
    }

    static Table withIndexes(Table table, List<Index> indexes) {
        return new Table(table.name(), table.columns(), table.keys(), table.foreignKeys(), table.checks(), indexes, table.triggers());
    }

    static Table withTriggers(Table table, List<Trigger> triggers) {
        return new Table(table.name(), table.columns(), table.keys(), table.foreignKeys(), table.checks(), table.indexes(), triggers);
    }

    static Routine withParameters(Routine routine, List<Parameter> parameters) {
        return new Routine(routine.name(), routine.kind(), parameters, routine.returns(), routine.bodyHash());
    }

    static Routine withBody(Routine routine, String body) {
        return new Routine(routine.name(), routine.kind(), routine.parameters(), routine.returns(), BodyFingerprint.of(body));
    }
}
