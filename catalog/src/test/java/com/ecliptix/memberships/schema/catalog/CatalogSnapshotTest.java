package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogSnapshotTest {

    /** Every feature of the format, including names that need quoting and every disabled state. */
    private static Catalog everything() {
        Table odd = new Table("Odd Table",
                List.of(new Column("Id", "bigint", false, Column.Identity.BY_DEFAULT, null),
                        new Column("end", "text(max)", true, Column.Identity.NONE, "'a (b), c'"),
                        new Column("Say \"hi\"", "decimal(10,2)", false, Column.Identity.NONE, "-1")),
                List.of(new KeyConstraint("PK Odd", true, List.of("Id", "end"))),
                List.of(new ForeignKey("FK_Odd_Parent", List.of("Id"), "other.Parent", List.of("Id"), "cascade", "set null", false)),
                List.of(new CheckConstraint("CK_Odd", "\"end\" in ('x)', 'y') or Id > 0", false)),
                List.of(new Index("IX_Odd", false, List.of("Id desc", "lower(\"end\")"), List.of("Say \"hi\""), "Id > 0", false),
                        new Index("IX_Plain", false, List.of("Id"), List.of(), null, true)),
                List.of(new Trigger("TRG_Odd", List.of("update", "insert"), false)));
        Routine function = new Routine("GetOdd", Routine.Kind.FUNCTION,
                List.of(new Parameter(1, "Key", Parameter.Mode.IN, "text", false),
                        new Parameter(2, "Value", Parameter.Mode.OUT, "int", false)),
                "table (A uuid, \"B b\" text)", BodyFingerprint.of("select 1"));
        return new Catalog(Engine.SQLSERVER, List.of(odd, SampleCatalogs.phoneNumbers()),
                List.of(function, SampleCatalogs.ensurePhoneNumber()));
    }

    @Test
    void parsingTheRenderedTextGivesTheSameCatalog() {
        Catalog catalog = everything();
        String text = CatalogSnapshot.render(catalog);
        assertEquals(catalog, CatalogSnapshot.parse(text));
        assertEquals(text, CatalogSnapshot.render(CatalogSnapshot.parse(text)));
    }

    @Test
    void renderingIsIndependentOfTheOrderObjectsWereRead() {
        Catalog catalog = everything();
        List<Table> tables = new ArrayList<>(catalog.tables());
        List<Routine> routines = new ArrayList<>(catalog.routines());
        Collections.reverse(tables);
        Collections.reverse(routines);
        Catalog reversed = new Catalog(catalog.engine(), tables, routines);
        assertEquals(CatalogSnapshot.render(catalog), CatalogSnapshot.render(reversed));
    }

    @Test
    void malformedLinesAreReportedWithTheirNumber() {
        String text = "engine postgresql\n\ntable T\n  column X uuid maybe null\n";
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CatalogSnapshot.parse(text));
        assertTrue(error.getMessage().startsWith("Catalog snapshot line 4:"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CatalogSnapshot.parse("table T\n"), "no engine line");
    }

    /** The committed file is exactly what the renderer writes, so a hand edit or a stale format fails here. */
    @Test
    void committedSnapshotIsInTheRenderedForm() throws IOException {
        String committed;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CatalogSnapshot.RESOURCE)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(committed, CatalogSnapshot.render(CatalogSnapshot.committed()));
    }
}
