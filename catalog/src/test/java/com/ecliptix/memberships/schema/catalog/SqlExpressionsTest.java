package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL texts are what pg_get_expr returns for this project's migrations; the SQL Server
 * texts are what sys.check_constraints, sys.indexes.filter_definition and sys.default_constraints
 * store for the same T-SQL.
 */
class SqlExpressionsTest {

    private static final Set<String> BOOLEANS = Set.of("IsDeleted", "IsPrimary", "IsActive");

    private static String normalize(String sql) {
        return SqlExpressions.normalize(sql, BOOLEANS);
    }

    @ParameterizedTest(name = "{0} | {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            (NOT "IsDeleted")                                                   | ([IsDeleted]=(0))
            ("IsPrimary" AND (NOT "IsDeleted"))                                 | ([IsPrimary]=(1) AND [IsDeleted]=(0))
            ((("Status")::text = 'pending'::text) AND (NOT "IsDeleted"))        | ([Status]=N'pending' AND [IsDeleted]=(0))
            ("OtpCount" >= 0)                                                   | ([OtpCount]>=(0))
            (("Status")::text = ANY ((ARRAY['pending'::character varying, 'verified'::character varying, 'failed'::character varying])::text[])) | ([Status]=N'pending' OR [Status]=N'verified' OR [Status]=N'failed')
            (("Status")::text <> ALL ((ARRAY['a'::character varying, 'b'::character varying])::text[])) | ([Status]<>N'a' AND [Status]<>N'b')
            ("Region" IS NULL OR ("Region")::text ~ '^[A-Z]{2}$'::text)          | ([Region] IS NULL OR [Region]~N'^[A-Z]{2}$')
            ((("Status")::text = 'it''s'::text))                                | ([Status]=N'it''s')
            ("IsDeleted" IS DISTINCT FROM "IsPrimary")                          | ([IsDeleted] IS DISTINCT FROM [IsPrimary])
            """)
    void bothEnginesSpellingsOfOneRuleAreEqual(String postgres, String sqlServer) {
        assertEquals(normalize(postgres), normalize(sqlServer));
    }

    /**
     * Every check constraint and index filter of both engines' migrations (db/migration/{postgresql,sqlserver}),
     * as each catalog reports it, and the text dbo.snapshot holds for it. SQL Server stores IN as an OR
     * chain in reverse order.
     */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            (NOT "IsDeleted")                                                   | ([IsDeleted]=(0))                                   | not IsDeleted
            ("IsPrimary" AND (NOT "IsDeleted"))                                 | ([IsPrimary]=(1) AND [IsDeleted]=(0))               | IsPrimary and not IsDeleted
            ("IsActive" AND (NOT "IsDeleted"))                                  | ([IsActive]=(1) AND [IsDeleted]=(0))                | IsActive and not IsDeleted
            ((("Status")::text = 'pending'::text) AND (NOT "IsDeleted"))        | ([Status]=N'pending' AND [IsDeleted]=(0))           | Status = 'pending' and not IsDeleted
            ("OtpCount" >= 0)                                                   | ([OtpCount]>=(0))                                   | OtpCount >= 0
            (("DataType")::text = ANY ((ARRAY['int'::character varying, 'bool'::character varying, 'string'::character varying])::text[])) | ([DataType]=N'string' OR [DataType]=N'bool' OR [DataType]=N'int') | DataType in ('bool', 'int', 'string')
            (("Status")::text = ANY ((ARRAY['pending'::character varying, 'verified'::character varying, 'expired'::character varying, 'failed'::character varying])::text[])) | ([Status]=N'failed' OR [Status]=N'expired' OR [Status]=N'verified' OR [Status]=N'pending') | Status in ('expired', 'failed', 'pending', 'verified')
            (("Purpose")::text = ANY ((ARRAY['unspecified'::character varying, 'registration'::character varying, 'login'::character varying, 'password_recovery'::character varying, 'update_phone'::character varying])::text[])) | ([Purpose]=N'update_phone' OR [Purpose]=N'password_recovery' OR [Purpose]=N'login' OR [Purpose]=N'registration' OR [Purpose]=N'unspecified') | Purpose in ('login', 'password_recovery', 'registration', 'unspecified', 'update_phone')
            (("Status")::text = ANY ((ARRAY['active'::character varying, 'inactive'::character varying, 'blocked'::character varying])::text[])) | ([Status]=N'blocked' OR [Status]=N'inactive' OR [Status]=N'active') | Status in ('active', 'blocked', 'inactive')
            (("CreationStatus")::text = ANY ((ARRAY['otp_verified'::character varying, 'secure_key_set'::character varying, 'passphrase_set'::character varying])::text[])) | ([CreationStatus]=N'passphrase_set' OR [CreationStatus]=N'secure_key_set' OR [CreationStatus]=N'otp_verified') | CreationStatus in ('otp_verified', 'passphrase_set', 'secure_key_set')
            """)
    void everyMigrationCheckAndFilterHasTheSnapshotText(String postgres, String sqlServer, String snapshot) {
        assertEquals(snapshot, normalize(postgres));
        assertEquals(snapshot, normalize(sqlServer));
    }

    /** Every column default of both engines' migrations, as each catalog reports it, and its snapshot text. */
    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ecliptix_internal.utc_now()           | (sysutcdatetime()) | datetime | now
            gen_random_uuid()                     | (newid())          | uuid     | newid
            false                                 | ((0))              | bool     | false
            true                                  | ((1))              | bool     | true
            0                                     | ((0))              | smallint | 0
            1                                     | ((1))              | int      | 1
            'pending'::character varying          | (N'pending')       | text(20) | 'pending'
            'unspecified'::character varying      | (N'unspecified')   | text(30) | 'unspecified'
            'inactive'::character varying         | (N'inactive')      | text(20) | 'inactive'
            'otp_verified'::character varying     | (N'otp_verified')  | text(20) | 'otp_verified'
            """)
    void everyMigrationDefaultHasTheSnapshotText(String postgres, String sqlServer, String type, String snapshot) {
        assertEquals(snapshot, SqlExpressions.normalizeDefault(postgres, type, BOOLEANS));
        assertEquals(snapshot, SqlExpressions.normalizeDefault(sqlServer, type, BOOLEANS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            (NOT "IsDeleted")                                                   | not IsDeleted
            ((("Status")::text = 'pending'::text) AND (NOT "IsDeleted"))        | Status = 'pending' and not IsDeleted
            (("DataType")::text = ANY ((ARRAY['int'::character varying, 'bool'::character varying, 'string'::character varying])::text[])) | DataType in ('bool', 'int', 'string')
            ([Status]=N'b' OR [Status]=N'a' OR [Status] IN (N'c', N'a'))         | Status in ('a', 'b', 'c')
            ([Status] IN (N'only'))                                             | Status = 'only'
            ((([A]=(1) OR [B]=(2)) AND [C]=(3)))                                | (A = 1 or B = 2) and C = 3
            ([A]=(1) OR [B]=(2) AND [C]=(3))                                    | A = 1 or B = 2 and C = 3
            (([A]-([B]-[C]))*(2))                                               | (A - (B - C)) * 2
            ([IsActive]<>(0))                                                   | IsActive
            ((1)=[IsDeleted])                                                   | IsDeleted
            """)
    void canonicalTextIsReadable(String sql, String expected) {
        assertEquals(expected, normalize(sql));
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            gen_random_uuid()                                       | uuid     | newid
            (newid())                                               | uuid     | newid
            ecliptix_internal.utc_now()                             | datetime | now
            (sysutcdatetime())                                      | datetime | now
            (getutcdate())                                          | datetime | now
            timezone('UTC'::text, clock_timestamp())                | datetime | now
            ((clock_timestamp() AT TIME ZONE 'UTC'::text))::timestamp(6) without time zone | datetime | now
            false                                                   | bool     | false
            ((0))                                                   | bool     | false
            ((1))                                                   | bool     | true
            ((0))                                                   | smallint | 0
            1                                                       | int      | 1
            '-1'::integer                                           | int      | -1
            ((-1))                                                  | int      | -1
            'pending'::character varying                            | text(20) | 'pending'
            (N'pending')                                            | text(20) | 'pending'
            NULL::character varying                                 | text(20) | null
            """)
    void defaultsOfBothEnginesNormalizeAlike(String sql, String type, String expected) {
        assertEquals(expected, SqlExpressions.normalizeDefault(sql, type, BOOLEANS));
    }

    @Test
    void localTimeClocksAreNotTheUtcClock() {
        // A default drifting from UTC to local time must show as a change.
        assertNotEquals("now", SqlExpressions.normalizeDefault("(getdate())", "datetime", Set.of()));
        assertNotEquals("now", SqlExpressions.normalizeDefault("now()", "datetime", Set.of()));
        assertEquals("getdate()", SqlExpressions.normalizeDefault("(getdate())", "datetime", Set.of()));
    }

    @Test
    void comparisonWithZeroIsNotTurnedIntoBooleanForNonBooleanColumns() {
        assertEquals("OtpCount = 0", normalize("([OtpCount]=(0))"));
    }

    @Test
    void unparseableTextFallsBackToTextualNormalization() {
        // COLLATE is outside the parser's grammar: keywords are lower-cased, names keep their case.
        assertEquals("Status = 'a' collate latin1_general_bin2",
                SqlExpressions.normalize("([Status]=N'a' COLLATE Latin1_General_BIN2)", BOOLEANS));
        assertEquals("Status = 'a' collate latin1_general_bin2",
                SqlExpressions.textual("((\"Status\")::text = 'a'::text COLLATE Latin1_General_BIN2)"));
        assertEquals("'Keeps Case' = x", SqlExpressions.textual("('Keeps Case'::text=\"x\")"));
    }

    @Test
    void noExpressionStaysNull() {
        assertNull(SqlExpressions.normalize(null, BOOLEANS));
        assertNull(SqlExpressions.normalizeDefault(null, "bool", BOOLEANS));
    }
}
