package com.ecliptix.memberships.schema.catalog;

import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.base;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.ensurePhoneNumber;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.phoneNumbers;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.replaceColumn;
import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.withIndexes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.catalog.Difference.Change;
import com.ecliptix.memberships.schema.catalog.Difference.Impact;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A part an engine cannot answer is left out of the comparison on both sides, and the report names it. */
class NotComparedTest {

    private static final NotCompared CHECKS = new NotCompared(CatalogPart.CHECKS, "sys.check_constraints", "Babelfish 4.4.0",
            "fails (unrecognized node type: 27)");
    private static final NotCompared FILTERS = new NotCompared(CatalogPart.INDEX_FILTERS, "sys.indexes", "Babelfish 4.4.0",
            "reports no filter of a filtered index");

    /** The base table as such an engine reads it: no checks, no index filters. */
    private static Catalog unanswered(Table table, NotCompared... notCompared) {
        Table read = new Table(table.name(), table.columns(), table.keys(), table.foreignKeys(), List.of(),
                table.indexes().stream().map(i -> new Index(i.name(), i.unique(), i.columns(), i.included(), null, i.enabled()))
                        .toList(), table.triggers());
        return new Catalog(Engine.SQLSERVER, List.of(read), List.of(ensurePhoneNumber()), List.of(notCompared));
    }

    @Test
    void aPartNotAnsweredIsNoDifferenceAndIsNamedInTheReport() {
        CatalogDiff diff = CatalogDiff.between(base(), unanswered(phoneNumbers(), CHECKS, FILTERS));
        assertTrue(diff.isEmpty(), diff.render());
        assertEquals(List.of(CHECKS, FILTERS), diff.notCompared());
        assertEquals("""
                No drift: the catalog matches the snapshot in everything compared.
                Routine bodies not compared: the snapshot is from postgresql, the database is sqlserver.
                Not compared: check constraints: sys.check_constraints on Babelfish 4.4.0 fails (unrecognized node type: 27)
                Not compared: index filters: sys.indexes on Babelfish 4.4.0 reports no filter of a filtered index
                """, diff.render());
    }

    @Test
    void withoutTheGapTheMissingPartsAreBreakingDrift() {
        CatalogDiff diff = CatalogDiff.between(base(), unanswered(phoneNumbers()));
        assertTrue(diff.notCompared().isEmpty());
        assertEquals(List.of("check PhoneNumbers.CK_PhoneNumbers_Region", "index PhoneNumbers.UX_PhoneNumbers_Live"),
                diff.differences().stream().map(Difference::object).toList());
        assertTrue(diff.hasBreakingChanges());
    }

    @Test
    void whatIsComparedKeepsItsVerdicts() {
        Table widened = replaceColumn(phoneNumbers(), new Column("PhoneNumber", "text(40)", false, Column.Identity.NONE, null));
        CatalogDiff compatible = CatalogDiff.between(base(), unanswered(widened, CHECKS, FILTERS));
        assertEquals(1, compatible.differences().size(), compatible.render());
        assertEquals(Impact.COMPATIBLE, compatible.differences().get(0).impact());
        assertFalse(compatible.hasBreakingChanges());

        Table indexDropped = withIndexes(phoneNumbers(), List.of());
        CatalogDiff breaking = CatalogDiff.between(base(), unanswered(indexDropped, CHECKS, FILTERS));
        assertEquals(1, breaking.differences().size(), breaking.render());
        Difference removed = breaking.differences().get(0);
        assertEquals(Change.REMOVED, removed.change());
        assertEquals(Impact.BREAKING, removed.impact());
        assertEquals("index PhoneNumbers.UX_PhoneNumbers_Live", removed.object());
    }

    @Test
    void aGapOfTheExpectedCatalogIsLeftOutToo() {
        Catalog expected = unanswered(phoneNumbers(), CHECKS);
        CatalogDiff diff = CatalogDiff.between(expected, base());
        assertEquals(List.of(CHECKS), diff.notCompared());
        assertTrue(diff.differences().stream().noneMatch(d -> d.object().startsWith("check ")), diff.render());
    }

    @Test
    void tableFunctionsStillCompareAsTablesWithoutTheirColumns() {
        Routine function = new Routine("GetPhoneNumber", Routine.Kind.FUNCTION, List.of(), "table (PhoneNumber text)", null);
        Routine scalar = new Routine("GetPhoneNumber", Routine.Kind.FUNCTION, List.of(), "text", null);
        NotCompared columns = new NotCompared(CatalogPart.FUNCTION_RESULT_COLUMNS, "sys.columns", "Babelfish 4.4.0",
                "lists no result column of a table-valued function");
        Catalog expected = new Catalog(Engine.SQLSERVER, List.of(), List.of(function));
        Catalog asTable = new Catalog(Engine.SQLSERVER, List.of(), List.of(new Routine("GetPhoneNumber",
                Routine.Kind.FUNCTION, List.of(), CatalogPart.TABLE_RESULT, null)), List.of(columns));
        assertTrue(CatalogDiff.between(expected, asTable).isEmpty());
        Catalog asScalar = new Catalog(Engine.SQLSERVER, List.of(), List.of(scalar), List.of(columns));
        CatalogDiff changed = CatalogDiff.between(expected, asScalar);
        assertEquals(List.of("function GetPhoneNumber result"), changed.differences().stream().map(Difference::object).toList());
        assertTrue(changed.hasBreakingChanges());
    }
}
