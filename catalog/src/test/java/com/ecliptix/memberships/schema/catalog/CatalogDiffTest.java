package com.ecliptix.memberships.schema.catalog;

import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.base;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.ensurePhoneNumber;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.replaceColumn;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.withBody;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.withIndexes;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.withParameters;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.withRoutine;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.withTable;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.withTriggers;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.withoutColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.catalog.Difference.Change;
import com.ecliptix.memberships.schema.catalog.Difference.Impact;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogDiffTest {

    private static Difference only(Catalog actual) {
        CatalogDiff diff = CatalogDiff.between(base(), actual);
        assertEquals(1, diff.differences().size(), diff.render());
        return diff.differences().get(0);
    }

    private static void assertDifference(Difference d, Change change, Impact impact, String object) {
        assertEquals(change, d.change(), d.render());
        assertEquals(impact, d.impact(), d.render());
        assertEquals(object, d.object(), d.render());
    }

    private static Parameter parameter(int position, String name, Parameter.Mode mode, String type, boolean optional) {
        return new Parameter(position, name, mode, type, optional);
    }

    @Test
    void equalCatalogsHaveNoDifferences() {
        CatalogDiff diff = CatalogDiff.between(base(), base());
        assertTrue(diff.isEmpty());
        assertEquals("No drift: the catalog matches the snapshot.\n", diff.render());
    }

    @Test
    void widenedColumnIsCompatibleAndNarrowedIsBreaking() {
        Difference widened = only(withTable(t -> replaceColumn(t, new Column("PhoneNumber", "text(40)", false, Column.Identity.NONE, null))));
        assertDifference(widened, Change.CHANGED, Impact.COMPATIBLE, "column PhoneNumbers.PhoneNumber");
        assertEquals("type widened", widened.reason());
        assertEquals("column PhoneNumber text(18) not null", widened.expected());
        assertEquals("column PhoneNumber text(40) not null", widened.actual());

        Difference toMax = only(withTable(t -> replaceColumn(t, new Column("PhoneNumber", "text(max)", false, Column.Identity.NONE, null))));
        assertEquals(Impact.COMPATIBLE, toMax.impact());

        Difference narrowed = only(withTable(t -> replaceColumn(t, new Column("PhoneNumber", "text(10)", false, Column.Identity.NONE, null))));
        assertDifference(narrowed, Change.CHANGED, Impact.BREAKING, "column PhoneNumbers.PhoneNumber");
        assertEquals("type narrowed", narrowed.reason());

        Difference retyped = only(withTable(t -> replaceColumn(t, new Column("Id", "uuid", false, Column.Identity.ALWAYS, null))));
        assertEquals(Impact.BREAKING, retyped.impact());
        assertEquals("type changed", retyped.reason());
    }

    @Test
    void typeWidthOrder() {
        assertEquals(TypeChange.WIDENED, TypeChange.of("smallint", "int"));
        assertEquals(TypeChange.WIDENED, TypeChange.of("int", "bigint"));
        assertEquals(TypeChange.NARROWED, TypeChange.of("bigint", "int"));
        assertEquals(TypeChange.WIDENED, TypeChange.of("binary(16)", "binary(max)"));
        assertEquals(TypeChange.NARROWED, TypeChange.of("text(max)", "text(4000)"));
        assertEquals(TypeChange.WIDENED, TypeChange.of("decimal(10,2)", "decimal(12,2)"));
        assertEquals(TypeChange.NARROWED, TypeChange.of("decimal(10,2)", "decimal(10,3)"));
        assertEquals(TypeChange.INCOMPATIBLE, TypeChange.of("text(18)", "binary(18)"));
        assertEquals(TypeChange.INCOMPATIBLE, TypeChange.of("datetime", "datetime2(3)"));
    }

    @Test
    void nullabilityAndDefaults() {
        assertEquals(Impact.COMPATIBLE, only(withTable(t -> replaceColumn(t,
                new Column("PhoneNumber", "text(18)", true, Column.Identity.NONE, null)))).impact());
        assertEquals(Impact.BREAKING, only(withTable(t -> replaceColumn(t,
                new Column("Region", "text(2)", false, Column.Identity.NONE, null)))).impact());
        assertEquals(Impact.COMPATIBLE, only(withTable(t -> replaceColumn(t,
                new Column("Region", "text(2)", true, Column.Identity.NONE, "'CH'")))).impact());
        Difference changedDefault = only(withTable(t -> replaceColumn(t,
                new Column("IsDeleted", "bool", false, Column.Identity.NONE, "true"))));
        assertDifference(changedDefault, Change.CHANGED, Impact.BREAKING, "column PhoneNumbers.IsDeleted");
        assertEquals("default changed", changedDefault.reason());
        assertEquals("default removed", only(withTable(t -> replaceColumn(t,
                new Column("IsDeleted", "bool", false, Column.Identity.NONE, null)))).reason());
    }

    @Test
    void removedColumnIsBreakingAndAddedColumnDependsOnWhetherInsertsMayOmitIt() {
        assertDifference(only(withTable(t -> withoutColumn(t, "Region"))), Change.REMOVED, Impact.BREAKING,
                "column PhoneNumbers.Region");
        assertDifference(only(withTable(t -> replaceColumn(t, new Column("Note", "text(100)", true, Column.Identity.NONE, null)))),
                Change.ADDED, Impact.COMPATIBLE, "column PhoneNumbers.Note");
        assertDifference(only(withTable(t -> replaceColumn(t, new Column("Note", "text(100)", false, Column.Identity.NONE, "''")))),
                Change.ADDED, Impact.COMPATIBLE, "column PhoneNumbers.Note");
        assertDifference(only(withTable(t -> replaceColumn(t, new Column("Note", "text(100)", false, Column.Identity.NONE, null)))),
                Change.ADDED, Impact.BREAKING, "column PhoneNumbers.Note");
    }

    @Test
    void indexes() {
        Index live = SampleCatalogs.phoneNumbers().indexes().get(0);
        Index lookup = new Index("IX_PhoneNumbers_Region", false, List.of("Region"), List.of(), null, true);
        Index unique = new Index("UX_PhoneNumbers_Region", true, List.of("Region"), List.of(), null, true);
        assertDifference(only(withTable(t -> withIndexes(t, List.of(live, lookup)))), Change.ADDED, Impact.COMPATIBLE,
                "index PhoneNumbers.IX_PhoneNumbers_Region");
        assertDifference(only(withTable(t -> withIndexes(t, List.of(live, unique)))), Change.ADDED, Impact.BREAKING,
                "index PhoneNumbers.UX_PhoneNumbers_Region");
        assertDifference(only(withTable(t -> withIndexes(t, List.of()))), Change.REMOVED, Impact.BREAKING,
                "index PhoneNumbers.UX_PhoneNumbers_Live");
        Difference filterChanged = only(withTable(t -> withIndexes(t, List.of(
                new Index(live.name(), true, live.columns(), List.of(), null, true)))));
        assertDifference(filterChanged, Change.CHANGED, Impact.BREAKING, "index PhoneNumbers.UX_PhoneNumbers_Live");
        assertEquals("index definition changed", filterChanged.reason());
    }

    @Test
    void disabledOrRemovedTriggerIsBreaking() {
        Difference disabled = only(withTable(t -> withTriggers(t, List.of(new Trigger("TRG_PhoneNumbers_Update", List.of("update"), false)))));
        assertDifference(disabled, Change.CHANGED, Impact.BREAKING, "trigger PhoneNumbers.TRG_PhoneNumbers_Update");
        assertEquals("trigger disabled", disabled.reason());
        assertEquals("trigger TRG_PhoneNumbers_Update on update disabled", disabled.actual());
        assertDifference(only(withTable(t -> withTriggers(t, List.of()))), Change.REMOVED, Impact.BREAKING,
                "trigger PhoneNumbers.TRG_PhoneNumbers_Update");
    }

    @Test
    void removedOrRenamedParameterIsBreaking() {
        List<Parameter> parameters = new ArrayList<>(ensurePhoneNumber().parameters());
        parameters.remove(1);
        CatalogDiff removed = CatalogDiff.between(base(), withRoutine(r -> withParameters(r, parameters)));
        assertEquals(1, removed.differences().size(), removed.render());
        assertDifference(removed.differences().get(0), Change.REMOVED, Impact.BREAKING, "parameter EnsurePhoneNumber.Region");

        List<Parameter> renamed = new ArrayList<>(ensurePhoneNumber().parameters());
        renamed.set(1, parameter(2, "RegionCode", Parameter.Mode.IN, "text", false));
        CatalogDiff diff = CatalogDiff.between(base(), withRoutine(r -> withParameters(r, renamed)));
        assertTrue(diff.differences().stream().anyMatch(d -> d.change() == Change.REMOVED
                && d.object().equals("parameter EnsurePhoneNumber.Region") && d.breaking()), diff.render());
        assertTrue(diff.differences().stream().anyMatch(d -> d.change() == Change.ADDED
                && d.object().equals("parameter EnsurePhoneNumber.RegionCode") && d.breaking()), diff.render());
    }

    @Test
    void addedParameterIsCompatibleOnlyWhenOptionalAndLast() {
        List<Parameter> appended = new ArrayList<>(ensurePhoneNumber().parameters());
        appended.add(parameter(5, "Trace", Parameter.Mode.INOUT, "text", true));
        assertDifference(only(withRoutine(r -> withParameters(r, appended))), Change.ADDED, Impact.COMPATIBLE,
                "parameter EnsurePhoneNumber.Trace");

        List<Parameter> required = new ArrayList<>(ensurePhoneNumber().parameters());
        required.add(parameter(5, "Trace", Parameter.Mode.IN, "text", false));
        Difference newRequired = only(withRoutine(r -> withParameters(r, required)));
        assertEquals(Impact.BREAKING, newRequired.impact());
        assertEquals("new required parameter", newRequired.reason());

        List<Parameter> inserted = new ArrayList<>();
        inserted.add(parameter(1, "Trace", Parameter.Mode.IN, "text", true));
        ensurePhoneNumber().parameters().forEach(p -> inserted.add(parameter(p.position() + 1, p.name(), p.mode(), p.type(), p.optional())));
        Difference shifted = only(withRoutine(r -> withParameters(r, inserted)));
        assertEquals(Impact.BREAKING, shifted.impact(), shifted.render());
    }

    @Test
    void reorderedParametersAreBreaking() {
        List<Parameter> parameters = ensurePhoneNumber().parameters();
        List<Parameter> swapped = List.of(
                parameter(1, "Region", Parameter.Mode.IN, "text", false),
                parameter(2, "PhoneNumber", Parameter.Mode.IN, "text", false),
                parameters.get(2), parameters.get(3));
        Difference reordered = only(withRoutine(r -> withParameters(r, swapped)));
        assertDifference(reordered, Change.CHANGED, Impact.BREAKING, "procedure EnsurePhoneNumber parameter order");
    }

    @Test
    void onlyInputParametersMayWiden() {
        Catalog intInput = withRoutine(r -> withParameters(r, List.of(parameter(1, "N", Parameter.Mode.IN, "int", false))));
        Catalog bigintInput = withRoutine(r -> withParameters(r, List.of(parameter(1, "N", Parameter.Mode.IN, "bigint", false))));
        assertEquals(Impact.COMPATIBLE, CatalogDiff.between(intInput, bigintInput).differences().get(0).impact());

        Catalog intOutput = withRoutine(r -> withParameters(r, List.of(parameter(1, "N", Parameter.Mode.INOUT, "int", true))));
        Catalog bigintOutput = withRoutine(r -> withParameters(r, List.of(parameter(1, "N", Parameter.Mode.INOUT, "bigint", true))));
        assertEquals(Impact.BREAKING, CatalogDiff.between(intOutput, bigintOutput).differences().get(0).impact());
    }

    @Test
    void changedBodyIsBreakingWithinOneEngineAndIgnoredAcrossEngines() {
        Catalog altered = withRoutine(r -> withBody(r, "BEGIN two; END"));
        Difference body = only(altered);
        assertDifference(body, Change.CHANGED, Impact.BREAKING, "procedure EnsurePhoneNumber body");

        Catalog otherEngine = new Catalog(Engine.SQLSERVER, altered.tables(), altered.routines());
        CatalogDiff acrossEngines = CatalogDiff.between(base(), otherEngine);
        assertTrue(acrossEngines.isEmpty(), acrossEngines.render());
        assertFalse(acrossEngines.bodiesCompared());
        assertTrue(acrossEngines.render().contains("Routine bodies not compared"), acrossEngines.render());
    }

    @Test
    void whitespaceOnlyEditsKeepTheFingerprint() {
        assertEquals(BodyFingerprint.of("BEGIN\r\n    one;\nEND\n"), BodyFingerprint.of("BEGIN one; END"));
    }

    @Test
    void addedAndRemovedTablesAndRoutines() {
        Catalog empty = new Catalog(Engine.POSTGRESQL, List.of(), List.of());
        CatalogDiff removed = CatalogDiff.between(base(), empty);
        assertEquals(2, removed.differences().size());
        assertTrue(removed.differences().stream().allMatch(d -> d.change() == Change.REMOVED && d.breaking()));
        CatalogDiff added = CatalogDiff.between(empty, base());
        assertEquals(2, added.differences().size());
        assertTrue(added.differences().stream().allMatch(d -> d.change() == Change.ADDED && !d.breaking()));
    }

    @Test
    void renderedReportNamesTheObjectAndBothLines() {
        String report = CatalogDiff.between(base(), withTable(t -> withoutColumn(t, "Region"))).render();
        assertEquals("""
                Catalog drift: 1 difference, 1 breaking
                BREAKING   REMOVED column PhoneNumbers.Region (column removed or renamed)
                    snapshot: column Region text(2) null
                """, report);
    }
}
