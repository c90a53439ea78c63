package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ecliptix.memberships.schema.catalog.TsqlText.Kind;
import com.ecliptix.memberships.schema.catalog.TsqlText.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one reading of T-SQL text that the header reader, the fingerprint and the batch split share. */
class TsqlTextTest {

    private static List<Token> tokens(String text) {
        return TsqlText.tokens(text);
    }

    @Test
    void commentsAreBlankedToOneSpaceAndNestedBlockCommentsEndAtTheirOwnEnd() {
        assertEquals("a  \nb", TsqlText.withoutComments("a -- one, 'two'\nb"));
        assertEquals("a   b", TsqlText.withoutComments("a /* outer /* inner */ still outer */ b"));
        assertEquals("a  ", TsqlText.withoutComments("a /* never closed"));
        assertEquals("x  ", TsqlText.withoutComments("x -- to the end"));
    }

    @Test
    void literalsKeepWhatLooksLikeCommentsAndDoubledQuotes() {
        String text = "SET @s = N'it''s -- not a comment /* nor this */';";
        assertEquals(text, TsqlText.withoutComments(text));
        assertEquals(List.of(new Token(Kind.WORD, "N"), new Token(Kind.LITERAL, "'it''s -- x'")),
                tokens("N'it''s -- x'"));
        assertEquals(List.of(new Token(Kind.LITERAL, "'unclosed''")), tokens("'unclosed''"));
        String longLiteral = "'" + "x''".repeat(50_000) + "'";
        assertEquals(List.of(new Token(Kind.LITERAL, longLiteral)), tokens(longLiteral), "a long literal is one token, without recursion");
    }

    @Test
    void bracketedAndQuotedNamesAreOneTokenWithTheirEscapes() {
        assertEquals(List.of(new Token(Kind.NAME, "[a]]b -- c]"), new Token(Kind.OTHER, "."),
                new Token(Kind.NAME, "\"x\"\"y\"")), tokens("[a]]b -- c].\"x\"\"y\""));
        assertEquals("[it's]  ", TsqlText.withoutComments("[it's] -- 'comment"));
    }

    @Test
    void wordsIncludeTSqlsSigilsAndEverythingElseIsOneCharacterOrOneRunOfSpace() {
        assertEquals(List.of(new Token(Kind.WORD, "@a_1"), new Token(Kind.SPACE, " \t\r\n"), new Token(Kind.WORD, "#t$"),
                new Token(Kind.OTHER, "="), new Token(Kind.OTHER, "-"), new Token(Kind.WORD, "1"),
                new Token(Kind.OTHER, "(")), tokens("@a_1 \t\r\n#t$=-1("));
    }

    @Test
    void batchesAreSplitAtLinesThatHoldOnlyGo() {
        assertEquals(List.of("CREATE TABLE t (a INT);\n", "\nSELECT 1 AS going;\n", "\nEND\n"),
                TsqlText.batches("CREATE TABLE t (a INT);\n  go  \nSELECT 1 AS going;\nGO -- next\nEND\n"));
        assertEquals(List.of("SELECT 'GO'"), TsqlText.batches("SELECT 'GO'"));
    }
}
