package com.ecliptix.memberships.schema.catalog;

import static com.ecliptix.memberships.schema.catalog.SampleCatalogs.base;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names that Babelfish reports in lower case are the contract's objects, spelled as the contract spells them. */
class ContractSpellingTest {

    @Test
    void babelfishIndexNamesAreIndexTableAndMd5CutAsBabelfishCutsLongNames() {
        // As a Babelfish 4.4 instance reported them for the migrations' indexes.
        assertEquals("ux_appdevices_liveappdevices5a7ccf282e95e6560f3cb960c60fd1cc",
                ContractSpelling.babelfishIndexName("UX_AppDevices_Live", "AppDevices"));
        assertEquals("ux_phonenumbers_livephonenumberbe7ce4a566620746dbd58cf9507c2e49",
                ContractSpelling.babelfishIndexName("UX_PhoneNumbers_Live", "PhoneNumbers"));
        assertEquals("ix_authenticationcontexts_membefd1548e6bc31749211114a091e6444e1",
                ContractSpelling.babelfishIndexName("IX_AuthenticationContexts_MembershipUniqueId", "AuthenticationContexts"));
        assertEquals("ix_authenticationcontexts_membe3da657a0fe22c90c4a4b4b9cee18df10",
                ContractSpelling.babelfishIndexName("IX_AuthenticationContexts_MembershipUniqueId_CreatedAt",
                        "AuthenticationContexts"));
    }

    /** The base catalog as Babelfish reports it: every name in lower case, the index under its PostgreSQL name. */
    private static Catalog folded() {
        Table t = SampleCatalogs.phoneNumbers();
        Table table = new Table("phonenumbers",
                t.columns().stream().map(c -> new Column(c.name().toLowerCase(), c.type(), c.nullable(), c.identity(),
                        c.defaultValue())).toList(),
                t.keys().stream().map(k -> new KeyConstraint(k.name().toLowerCase(), k.primary(),
                        k.columns().stream().map(String::toLowerCase).toList())).toList(),
                List.of(), List.of(new CheckConstraint("ck_phonenumbers_region", "Region is null or Region ~ '^[A-Z]{2}$'", true)),
                List.of(new Index("ux_phonenumbers_livephonenumberbe7ce4a566620746dbd58cf9507c2e49", true,
                        List.of("phonenumber desc"), List.of(), "not IsDeleted", true)),
                List.of(new Trigger("trg_phonenumbers_update", List.of("update"), true)));
        Routine r = SampleCatalogs.ensurePhoneNumber();
        Routine routine = new Routine("ensurephonenumber", r.kind(), r.parameters().stream()
                .map(p -> new Parameter(p.position(), p.name().toLowerCase(), p.mode(), p.type(), p.optional())).toList(),
                r.returns(), r.bodyHash());
        return new Catalog(Engine.POSTGRESQL, List.of(table), List.of(routine));
    }

    @Test
    void everyFoldedNameIsSpelledAsTheContractSpellsIt() {
        Catalog respelled = ContractSpelling.respell(folded(), base());
        CatalogDiff diff = CatalogDiff.between(base(), respelled);
        // Only the descending key differs: a re-spelling keeps what the engine reports, names aside.
        assertEquals(List.of("index PhoneNumbers.UX_PhoneNumbers_Live"),
                diff.differences().stream().map(Difference::object).toList(), diff.render());
        assertEquals(List.of("PhoneNumber desc"), respelled.table("PhoneNumbers").orElseThrow().indexes().get(0).columns());
    }

    @Test
    void aNameTheContractLacksKeepsTheEnginesSpellingAndShowsAsAdded() {
        Table t = SampleCatalogs.phoneNumbers();
        Catalog withExtra = new Catalog(Engine.POSTGRESQL, List.of(t, new Table("handmade",
                List.of(new Column("id", "int", false, Column.Identity.NONE, null)), List.of(), List.of(), List.of(),
                List.of(), List.of())), List.of(SampleCatalogs.ensurePhoneNumber()));
        Catalog respelled = ContractSpelling.respell(withExtra, base());
        assertTrue(respelled.table("handmade").isPresent());
        CatalogDiff diff = CatalogDiff.between(base(), respelled);
        assertEquals(List.of("table handmade"), diff.differences().stream().map(Difference::object).toList());
    }
}
