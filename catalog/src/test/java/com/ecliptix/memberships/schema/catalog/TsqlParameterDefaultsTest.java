package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.ecliptix.memberships.schema.ClassPathFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TsqlParameterDefaultsTest {

    private static final Pattern ROUTINE = Pattern.compile("(?is)^\\s*CREATE\\s+(?:PROCEDURE|FUNCTION)\\s+(\\S+?)[\\s(]");
    private static final Pattern OUTPUT_PARAMETER = Pattern.compile("(?im)^\\s*@(\\w+)\\b[^\\n]*\\bOUTPUT\\b");

    /**
     * The contract declares every output as "= NULL OUTPUT" and no input with a default, so on the real
     * migrations the header reader must find exactly the OUTPUT parameters (found here line by line).
     */
    @Test
    void findsExactlyTheOutputParametersOfTheSqlServerMigrations() throws Exception {
        int routines = 0;
        for (String batch : sqlServerBatches()) {
            String text = TsqlText.withoutComments(batch);
            Matcher routine = ROUTINE.matcher(text);
            if (!routine.find()) {
                continue;
            }
            String header = text.substring(0, headerEnd(text));
            Set<String> outputs = new LinkedHashSet<>();
            Matcher output = OUTPUT_PARAMETER.matcher(header);
            while (output.find()) {
                outputs.add(output.group(1));
            }
            assertEquals(outputs, TsqlParameterDefaults.optionalParameters(batch), routine.group(1));
            routines++;
        }
        assertFalse(routines == 0, "no CREATE PROCEDURE / FUNCTION found in the SQL Server migrations");
    }

    @Test
    void readsDefaultsInEveryHeaderStyle() {
        assertEquals(Set.of("b", "c"), TsqlParameterDefaults.optionalParameters("""
                CREATE PROCEDURE [dbo].[P] (
                    @a DECIMAL(10, 2),          -- a comment with = 1, AS and a comma
                    @b NVARCHAR(20) = N'x, AS y',
                    /* @z INT = 1, */ @c INT = -1 OUTPUT
                )
                AS
                BEGIN
                    DECLARE @d INT = 5;
                END
                """));
        assertEquals(Set.of("Limit"), TsqlParameterDefaults.optionalParameters("""
                create or alter function dbo.F(@Key nvarchar(100), @Limit int = 10) returns table as return (select @Key as k)
                """));
        assertEquals(Set.of(), TsqlParameterDefaults.optionalParameters("""
                CREATE PROCEDURE dbo.NoParameters
                AS
                    DECLARE @x INT = 1;
                """));
        assertEquals(Set.of("Flag"), TsqlParameterDefaults.optionalParameters("""
                CREATE PROC dbo.WithOptions @Id INT, @Flag BIT = 0 WITH RECOMPILE AS SELECT @Id
                """));
    }

    /** Where a routine's parameter list ends: the first line that is just AS or starts with RETURNS. */
    private static int headerEnd(String text) {
        Matcher end = Pattern.compile("(?im)^\\s*(AS|RETURNS\\b.*)\\s*$").matcher(text);
        return end.find() ? end.start() : text.length();
    }

    private static List<String> sqlServerBatches() {
        List<String> batches = new ArrayList<>();
        // In path order, as the folder listing was; from a directory or the schema jar alike.
        for (byte[] file : ClassPathFiles.under(TsqlParameterDefaultsTest.class.getClassLoader(), "db/migration/sqlserver").values()) {
            String script = new String(file, StandardCharsets.UTF_8);
            batches.addAll(List.of(script.split("(?im)^\\s*GO\\s*$")));
        }
        return batches;
    }
}
