package com.ecliptix.memberships.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ecliptix.memberships.schema.MigrationCatalog.Dialect;
import com.ecliptix.memberships.schema.MigrationCatalog.Param;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The two migration folders declare the same contract: the same routines with the same parameter names,
 * order, direction and type family (jOOQ generates the Java API from PostgreSQL only, so a T-SQL routine
 * that drifts would break callers on SQL Server alone), the same tables and columns, triggers, indexes and
 * constraint names, each object in the same file. No database is needed.
 */
class MigrationParityTest {

    private static final MigrationCatalog POSTGRESQL = MigrationCatalog.ofFolder(Dialect.POSTGRESQL, "postgresql");
    private static final MigrationCatalog TSQL = MigrationCatalog.ofFolder(Dialect.TSQL, "sqlserver");

    @Test
    void bothEnginesDeclareTheSameContractObjectsInTheSameFiles() {
        List<String> differences = MigrationCatalog.differences(POSTGRESQL, TSQL);

        if (!differences.isEmpty()) {
            fail("The PostgreSQL and T-SQL migrations differ (" + differences.size() + "):\n  - "
                    + String.join("\n  - ", differences));
        }
    }

    @Test
    void theParserFindsEveryObjectOfTheContract() {
        // Guards the parity check itself: a parser that read nothing would find no differences.
        for (MigrationCatalog catalog : List.of(POSTGRESQL, TSQL)) {
            assertEquals(ObjectKind.PROCEDURES.expected().getAsInt(), catalog.routines.values().stream().filter(r -> r.kind().equals("PROCEDURE")).count(),
                    catalog.dialect + " procedures: " + catalog.routines.keySet());
            assertEquals(List.of("GetConfigValue", "GetFullFlowState", "GetPhoneNumber"), catalog.routines.values().stream()
                    .filter(r -> r.kind().equals("FUNCTION")).map(MigrationCatalog.Routine::name).sorted().toList(),
                    catalog.dialect + " functions");
            assertEquals(ObjectKind.TABLES.expected().getAsInt(), catalog.tables.size(), catalog.dialect + " tables: " + catalog.tables.keySet());
            assertEquals(ObjectKind.TRIGGERS.expected().getAsInt(), catalog.triggers.size(), catalog.dialect + " triggers: " + catalog.triggers.keySet());
            assertTrue(catalog.indexes.size() >= 18, catalog.dialect + " indexes: " + catalog.indexes.keySet());
            assertTrue(catalog.constraints.keySet().containsAll(List.of("PK_AppDevices", "UQ_AppDevices_UniqueId",
                    "FK_OtpRecords_FlowUniqueId", "CK_Memberships_Status")), catalog.dialect + " constraints: " + catalog.constraints.keySet());
        }
    }

    @Test
    void theParserReadsHeadersAsTheContractStatesThem() {
        for (MigrationCatalog catalog : List.of(POSTGRESQL, TSQL)) {
            assertEquals(List.of(
                    new Param("FlowUniqueId", false, "uuid", false),
                    new Param("OtpHash", false, "text", false),
                    new Param("OtpSalt", false, "text", false),
                    new Param("ExpiresAt", false, "timestamp", false),
                    new Param("OtpUniqueId", true, "uuid", true),
                    new Param("RetryAfterSeconds", true, "int", true),
                    new Param("Outcome", true, "text", true)),
                    catalog.routines.get("InsertOtpRecord").params(), catalog.dialect.toString());
            assertEquals("table", catalog.routines.get("GetFullFlowState").returns());
            assertEquals("scalar text", catalog.routines.get("GetConfigValue").returns());
            assertEquals("R__verification.sql", catalog.routines.get("InsertOtpRecord").file());
            assertEquals("text(18)", catalog.tables.get("PhoneNumbers").columns().stream()
                    .filter(c -> c.name().equals("PhoneNumber")).findFirst().orElseThrow().type());
        }
    }

    /** The parity check catches drift: each case feeds it a modified copy of a real pair of headers. */
    @Nested
    class SelfTest {

        private static final String PG = """
                CREATE PROCEDURE dbo."RequestResendOtp"(
                    "FlowUniqueId" uuid,
                    INOUT "RetryAfterSeconds" integer DEFAULT NULL,
                    INOUT "Outcome" varchar DEFAULT NULL
                )
                LANGUAGE plpgsql
                AS $$
                BEGIN
                    "Outcome" := 'resend_allowed';
                END;
                $$;
                """;

        private static final String TS = """
                CREATE PROCEDURE dbo.RequestResendOtp
                    @FlowUniqueId UNIQUEIDENTIFIER,
                    @RetryAfterSeconds INT = NULL OUTPUT,
                    @Outcome NVARCHAR(50) = NULL OUTPUT
                AS
                BEGIN
                    SET @Outcome = N'resend_allowed';
                END;
                GO
                """;

        private List<String> differences(String pg, String ts) {
            return MigrationCatalog.differences(
                    MigrationCatalog.parse(Dialect.POSTGRESQL, Map.of("V3__verification.sql", pg)),
                    MigrationCatalog.parse(Dialect.TSQL, Map.of("V3__verification.sql", ts)));
        }

        private void assertCaught(List<String> differences, String expected) {
            assertTrue(differences.stream().anyMatch(d -> d.contains(expected)),
                    "expected a difference mentioning '" + expected + "', got " + differences);
        }

        @Test
        void identicalHeadersHaveNoDifferences() {
            assertEquals(List.of(), differences(PG, TS));
        }

        @Test
        void aRenamedParameterIsCaught() {
            List<String> found = differences(PG.replace("\"RetryAfterSeconds\"", "\"RetryAfterSecs\""), TS);

            assertCaught(found, "RequestResendOtp: parameter names or order differ: PostgreSQL [FlowUniqueId, RetryAfterSecs, Outcome]"
                    + " vs T-SQL [FlowUniqueId, RetryAfterSeconds, Outcome]");
        }

        @Test
        void aReorderedParameterIsCaught() {
            String reordered = TS.replace("""
                        @RetryAfterSeconds INT = NULL OUTPUT,
                        @Outcome NVARCHAR(50) = NULL OUTPUT
                    """, """
                        @Outcome NVARCHAR(50) = NULL OUTPUT,
                        @RetryAfterSeconds INT = NULL OUTPUT
                    """);

            assertCaught(differences(PG, reordered), "parameter names or order differ");
        }

        @Test
        void aParameterThatIsOutputInOnlyOneEngineIsCaught() {
            String input = TS.replace("@RetryAfterSeconds INT = NULL OUTPUT,", "@RetryAfterSeconds INT,");

            assertCaught(differences(PG, input), "parameter RetryAfterSeconds is INOUT in PostgreSQL but input in T-SQL");
        }

        @Test
        void anOutputWithoutDefaultNullIsCaught() {
            String noDefault = PG.replace("INOUT \"Outcome\" varchar DEFAULT NULL", "INOUT \"Outcome\" varchar");

            assertCaught(differences(noDefault, TS), "PostgreSQL RequestResendOtp: output parameter Outcome has no DEFAULT NULL");
        }

        @Test
        void anIncompatibleParameterTypeIsCaught() {
            String bigint = TS.replace("@RetryAfterSeconds INT", "@RetryAfterSeconds BIGINT");

            assertCaught(differences(PG, bigint), "parameter RetryAfterSeconds is int in PostgreSQL but bigint in T-SQL");
        }

        @Test
        void aParameterLengthIsNotPartOfTheContract() {
            assertEquals(List.of(), differences(PG, TS.replace("NVARCHAR(50)", "NVARCHAR(100)")));
        }

        @Test
        void aRoutineInOnlyOneEngineIsCaught() {
            String renamed = TS.replace("dbo.RequestResendOtp", "dbo.RequestOtpResend");

            List<String> found = differences(PG, renamed);

            assertCaught(found, "procedure RequestResendOtp exists only in PostgreSQL");
            assertCaught(found, "procedure RequestOtpResend exists only in T-SQL");
        }

        @Test
        void aRoutineInAnotherFileIsCaught() {
            List<String> found = MigrationCatalog.differences(
                    MigrationCatalog.parse(Dialect.POSTGRESQL, Map.of("V3__verification.sql", PG)),
                    MigrationCatalog.parse(Dialect.TSQL, Map.of("V4__membership.sql", TS)));

            assertCaught(found, "routine RequestResendOtp is in V3__verification.sql in PostgreSQL but in V4__membership.sql in T-SQL");
        }

        @Test
        void tablesIndexesTriggersAndConstraintsAreCompared() {
            String pg = """
                    CREATE TABLE dbo."Things" (
                        "Id"   bigint GENERATED ALWAYS AS IDENTITY,
                        "Name" varchar(18) NOT NULL,
                        CONSTRAINT "PK_Things" PRIMARY KEY ("Id")
                    );

                    CREATE UNIQUE INDEX "UX_Things_Name"
                        ON dbo."Things" ("Name")
                        WHERE NOT "IsDeleted";

                    CREATE TRIGGER "TRG_Things_Update"
                        BEFORE UPDATE ON dbo."Things"
                        FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();
                    """;
            String ts = """
                    CREATE TABLE dbo.Things
                    (
                        Id   BIGINT IDENTITY(1,1) NOT NULL,
                        Name NVARCHAR(18) NOT NULL CONSTRAINT DF_Things_Name DEFAULT (N''),
                        CONSTRAINT PK_Things PRIMARY KEY CLUSTERED (Id)
                    );

                    CREATE UNIQUE NONCLUSTERED INDEX UX_Things_Name
                        ON dbo.Things (Name)
                        WHERE IsDeleted = 0;
                    GO

                    CREATE TRIGGER dbo.TRG_Things_Update
                    ON dbo.Things
                    AFTER UPDATE
                    AS
                    BEGIN
                        SET NOCOUNT ON;
                    END;
                    GO
                    """;
            assertEquals(List.of(), differences(pg, ts));

            assertCaught(differences(pg.replace("varchar(18)", "varchar(20)"), ts), "table Things: columns differ");
            assertCaught(differences(pg.replace("\"UX_Things_Name\"", "\"UX_Things_Named\""), ts), "index UX_Things_Named exists only in PostgreSQL");
            assertCaught(differences(pg, ts.replace("ON dbo.Things (Name)", "ON dbo.Things (Name, Id)")),
                    "index UX_Things_Name: PostgreSQL UNIQUE Things (Name) filtered vs T-SQL UNIQUE Things (Name, Id) filtered");
            assertCaught(differences(pg, ts.replace("TRG_Things_Update", "TRG_Things_Updated")), "trigger TRG_Things_Updated exists only in T-SQL");
            assertCaught(differences(pg.replace("\"PK_Things\"", "\"PK_Thing\""), ts), "constraint PK_Thing exists only in PostgreSQL");
        }

        @Test
        void aHeaderLineThatCannotBeReadFailsLoudly() {
            String odd = PG.replace("\"FlowUniqueId\" uuid,", "\"FlowUniqueId\" uuid, \"Extra\" integer,");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MigrationCatalog.parse(Dialect.POSTGRESQL, Map.of("V3__verification.sql", odd)));

            assertTrue(e.getMessage().contains("cannot read a parameter of RequestResendOtp"), e.getMessage());
        }
    }
}
