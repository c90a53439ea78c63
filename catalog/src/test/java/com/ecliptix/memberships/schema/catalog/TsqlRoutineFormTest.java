package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.ClassPathFiles;
import com.ecliptix.memberships.schema.Engine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The T-SQL routines keep the short form R__configuration.sql states: {@code SET NOCOUNT, XACT_ABORT ON},
 * then a plain {@code BEGIN TRANSACTION ... COMMIT TRANSACTION}. Under XACT_ABORT an error rolls back and
 * ends the call by itself, so a TRY/CATCH epilogue, a {@code @StartedTran} flag, {@code XACT_STATE()}, a
 * {@code ROLLBACK} of the routine's own or a {@code GOTO} to a shared exit adds nothing; this test keeps
 * them from coming back. Comments and literals do not count.
 */
class TsqlRoutineFormTest {

    /** Each break of the form in a script, as "file: batch n: what". */
    static List<String> breaks(String file, String script) {
        List<String> out = new ArrayList<>();
        List<String> batches = TsqlText.batches(script);
        for (int n = 0; n < batches.size(); n++) {
            List<String> words = new ArrayList<>();
            for (TsqlText.Token token : TsqlText.tokens(batches.get(n))) {
                if (token.kind() == TsqlText.Kind.WORD) {
                    words.add(token.text().toUpperCase(Locale.ROOT));
                }
            }
            String at = file + ": batch " + (n + 1) + ": ";
            int beginTransaction = -1;
            int xactAbortOn = -1;
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                String next = i + 1 < words.size() ? words.get(i + 1) : "";
                switch (word) {
                    case "GOTO" -> out.add(at + "GOTO");
                    case "@STARTEDTRAN" -> out.add(at + "@StartedTran");
                    case "XACT_STATE" -> out.add(at + "XACT_STATE()");
                    case "ROLLBACK" -> out.add(at + "ROLLBACK");
                    case "BEGIN" -> {
                        if (next.equals("TRY") || next.equals("CATCH")) {
                            out.add(at + "BEGIN " + next);
                        } else if ((next.equals("TRAN") || next.equals("TRANSACTION")) && beginTransaction < 0) {
                            beginTransaction = i;
                        }
                    }
                    case "XACT_ABORT" -> {
                        // SET XACT_ABORT ON, or SET NOCOUNT, XACT_ABORT ON: the first ON or OFF after it.
                        for (int j = i + 1; j < words.size(); j++) {
                            if (words.get(j).equals("ON") || words.get(j).equals("OFF")) {
                                xactAbortOn = words.get(j).equals("ON") && xactAbortOn < 0 ? i : xactAbortOn;
                                break;
                            }
                        }
                    }
                    default -> { }
                }
            }
            if (beginTransaction >= 0 && (xactAbortOn < 0 || xactAbortOn > beginTransaction)) {
                out.add(at + "BEGIN TRANSACTION without SET XACT_ABORT ON before it");
            }
        }
        return out;
    }

    @Test
    void noSqlServerScriptHasTheOldTransactionCeremony() {
        String folder = "db/migration/" + Engine.SQLSERVER.folder();
        Map<String, String> scripts = new TreeMap<>();
        ClassPathFiles.under(getClass().getClassLoader(), folder).forEach((path, bytes) -> {
            if (path.endsWith(".sql")) {
                scripts.put(path.substring(path.lastIndexOf('/') + 1), new String(bytes, StandardCharsets.UTF_8));
            }
        });
        assertTrue(scripts.keySet().containsAll(List.of("R__core.sql", "R__verification.sql")), "scripts: " + scripts.keySet());

        List<String> found = new ArrayList<>();
        scripts.forEach((file, script) -> found.addAll(breaks(file, script)));

        assertEquals(List.of(), found, "T-SQL routines in the old form");
    }

    @Test
    void theCheckFindsEachPartOfTheOldForm() {
        String old = """
                CREATE PROCEDURE dbo.P
                    @Outcome NVARCHAR(50) = NULL OUTPUT
                AS
                BEGIN
                    SET NOCOUNT ON;
                    DECLARE @StartedTran BIT = 0;
                    BEGIN TRY
                        IF @@TRANCOUNT = 0
                        BEGIN
                            BEGIN TRANSACTION;
                            SET @StartedTran = 1;
                        END;
                        GOTO Finish;
                    Finish:
                        IF @StartedTran = 1
                            COMMIT TRANSACTION;
                    END TRY
                    BEGIN CATCH
                        -- GOTO in a comment and N'ROLLBACK' in a literal do not count.
                        IF @StartedTran = 1 AND XACT_STATE() <> 0
                            ROLLBACK TRANSACTION;
                        THROW;
                    END CATCH;
                END;
                GO
                """;
        List<String> found = breaks("R__x.sql", old);

        for (String part : List.of("@StartedTran", "BEGIN TRY", "BEGIN CATCH", "GOTO", "XACT_STATE()", "ROLLBACK",
                "BEGIN TRANSACTION without SET XACT_ABORT ON before it")) {
            assertTrue(found.contains("R__x.sql: batch 1: " + part), part + " in " + found);
        }
        assertEquals(1, found.stream().filter(f -> f.endsWith("GOTO")).count(), "the GOTO of a comment counts: " + found);
    }

    @Test
    void theShortFormPasses() {
        String form = """
                CREATE PROCEDURE dbo.P
                    @Outcome NVARCHAR(50) = NULL OUTPUT
                AS
                BEGIN
                    SET NOCOUNT, XACT_ABORT ON;
                    BEGIN TRANSACTION;
                    SET @Outcome = N'done';
                    COMMIT TRANSACTION;
                END;
                GO
                """;
        assertEquals(List.of(), breaks("R__x.sql", form));
        assertEquals(List.of("R__x.sql: batch 1: BEGIN TRANSACTION without SET XACT_ABORT ON before it"),
                breaks("R__x.sql", form.replace("SET NOCOUNT, XACT_ABORT ON;", "SET NOCOUNT ON;")));
    }
}
