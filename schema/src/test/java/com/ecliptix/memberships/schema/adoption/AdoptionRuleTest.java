package com.ecliptix.memberships.schema.adoption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rules as the staging script logs them, and the report that lists them; no database needed. */
class AdoptionRuleTest {

    /** Rule codes are the only hyphenated lower-case literals of the script. */
    private static final Pattern RULE_CODE = Pattern.compile("N'([a-z]+(?:-[a-z]+)+)'");

    @Test
    void theStagingScriptLogsExactlyTheseRules() throws IOException {
        String script;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("adoption/sqlserver/stage.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> logged = new TreeSet<>();
        Matcher code = RULE_CODE.matcher(script);
        while (code.find()) {
            logged.add(code.group(1));
        }
        assertEquals(Arrays.stream(AdoptionRule.values()).map(AdoptionRule::code).collect(Collectors.toCollection(TreeSet::new)), logged);
        for (AdoptionRule rule : AdoptionRule.values()) {
            assertTrue(script.contains("-- " + rule.code() + ":"), rule.code() + " is explained where the script applies it");
        }
    }

    @Test
    void anUnknownCodeIsAnError() {
        assertEquals(AdoptionRule.LOCKOUT_MARKER, AdoptionRule.ofCode("lockout-marker"));
        assertThrows(IllegalStateException.class, () -> AdoptionRule.ofCode("lockout"));
    }

    @Test
    void countsThatDoNotAddUpAreRefused() {
        assertThrows(IllegalStateException.class, () -> new TableCounts("LoginAttempts", 10, 5, 4, 0));
    }

    @Test
    void theReportListsEachConflictWithItsRuleAndStatesTheRulesUsed() {
        AdoptionReport report = new AdoptionReport("db", "the legacy schema",
                List.of(new TableCounts("PhoneNumbers", 3, 2, 0, 1), new TableCounts("LoginAttempts", 2, 1, 1, 0)),
                List.of(new Conflict("PhoneNumbers", "Id 1", AdoptionRule.PHONE_DUPLICATE, "soft-deleted"),
                        new Conflict("LoginAttempts", "Id 7", AdoptionRule.LOCKOUT_MARKER, "locked_out")));
        String rendered = report.render();
        assertTrue(rendered.contains("PhoneNumbers      3     2        0             1"), rendered);
        assertTrue(rendered.contains("all tables        5     3        1             1"), rendered);
        assertTrue(rendered.contains("  phone-duplicate  PhoneNumbers Id 1: soft-deleted"), rendered);
        assertTrue(rendered.contains("  lockout-marker   LoginAttempts Id 7: locked_out"), rendered);
        assertTrue(rendered.contains("  lockout-marker: " + AdoptionRule.LOCKOUT_MARKER.statement()), rendered);
        assertTrue(!rendered.contains(AdoptionRule.CODE_CASE.statement()), "only the rules used are stated");
        assertEquals(5, report.rows());
        assertEquals(1, report.conflicts(AdoptionRule.LOCKOUT_MARKER).size());
    }
}
