package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.ObjectKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The two migration folders declare the same contract: the same routines with the same parameter names,
 * order, direction and type family (jOOQ generates the Java API from PostgreSQL only, so a T-SQL routine
 * that drifts would break callers on SQL Server alone), the same tables and columns, triggers, indexes and
 * constraint names, each object in the same file. No database is needed: each folder is read into the
 * catalog model ({@link MigrationFolder}) and compared by {@link CatalogDiff}, as drift is.
 */
class MigrationParityTest {

    private static final MigrationFolder POSTGRESQL = MigrationFolder.of(Engine.POSTGRESQL);
    private static final MigrationFolder TSQL = MigrationFolder.of(Engine.SQLSERVER);

    /** Every difference between the folders, one readable sentence each; empty when they declare the same contract. */
    static List<String> differences(MigrationFolder pg, MigrationFolder ts) {
        List<String> out = new ArrayList<>(pg.headerRuleBreaks);
        out.addAll(ts.headerRuleBreaks);
        // CatalogDiff's reasons speak of a snapshot and a database; between two folders only the lines count.
        for (Difference d : CatalogDiff.between(pg.catalog(), ts.catalog()).differences()) {
            out.add(d.actual() == null ? d.object() + " exists only in PostgreSQL: " + d.expected()
                    : d.expected() == null ? d.object() + " exists only in T-SQL: " + d.actual()
                    : d.object() + ": PostgreSQL " + d.expected() + " vs T-SQL " + d.actual());
        }
        pg.fileOf.forEach((declaration, file) -> {
            String tsFile = ts.fileOf.get(declaration);
            if (tsFile != null && !tsFile.equals(file)) {
                out.add(declaration + " is in " + file + " in PostgreSQL but in " + tsFile + " in T-SQL");
            }
        });
        TreeSet<String> files = new TreeSet<>(pg.order.keySet());
        files.addAll(ts.order.keySet());
        for (String file : files) {
            List<String> a = pg.order.get(file);
            List<String> b = ts.order.get(file);
            if (a == null || b == null) {
                out.add("file " + file + " exists only in " + (a == null ? "T-SQL" : "PostgreSQL"));
            } else if (!a.equals(b) && new TreeSet<>(a).equals(new TreeSet<>(b))) {
                out.add(file + ": the objects appear in another order: PostgreSQL " + a + " vs T-SQL " + b);
            }
        }
        return out;
    }

    @Test
    void bothEnginesDeclareTheSameContractObjectsInTheSameFiles() {
        List<String> differences = differences(POSTGRESQL, TSQL);

        if (!differences.isEmpty()) {
            fail("The PostgreSQL and T-SQL migrations differ (" + differences.size() + "):\n  - "
                    + String.join("\n  - ", differences));
        }
    }

    @Test
    void theParserFindsEveryObjectOfTheContract() {
        // Guards the parity check itself: a parser that read nothing would find no differences.
        for (MigrationFolder folder : List.of(POSTGRESQL, TSQL)) {
            Catalog catalog = folder.catalog();
            assertEquals(ObjectKind.PROCEDURES.expected().getAsInt(), catalog.count(Routine.Kind.PROCEDURE),
                    folder.engine + " procedures: " + catalog.routines());
            assertEquals(List.of("GetConfigValue", "GetFullFlowState", "GetLimit", "GetPhoneNumber"), catalog.routines().stream()
                    .filter(r -> r.kind() == Routine.Kind.FUNCTION).map(Routine::name).sorted().toList(),
                    folder.engine + " functions");
            assertEquals(ObjectKind.TABLES.expected().getAsInt(), catalog.tables().size(), folder.engine + " tables");
            assertEquals(ObjectKind.TRIGGERS.expected().getAsInt(), catalog.triggerCount(), folder.engine + " triggers");
            assertTrue(catalog.tables().stream().mapToInt(t -> t.indexes().size()).sum() >= 18, folder.engine + " indexes");
            assertTrue(folder.fileOf.keySet().containsAll(List.of("constraint PK_AppDevices", "constraint UQ_AppDevices_UniqueId",
                    "constraint FK_OtpRecords_FlowUniqueId", "constraint CK_Memberships_Status")), folder.engine + " constraints: " + folder.fileOf.keySet());
        }
    }

    @Test
    void theParserReadsHeadersAsTheContractStatesThem() {
        for (MigrationFolder folder : List.of(POSTGRESQL, TSQL)) {
            Catalog catalog = folder.catalog();
            assertEquals(List.of(
                    new Parameter(1, "FlowUniqueId", Parameter.Mode.IN, "uuid", false),
                    new Parameter(2, "OtpHash", Parameter.Mode.IN, "text", false),
                    new Parameter(3, "OtpSalt", Parameter.Mode.IN, "text", false),
                    new Parameter(4, "ExpiresAt", Parameter.Mode.IN, "datetime", false),
                    new Parameter(5, "OtpUniqueId", Parameter.Mode.INOUT, "uuid", true),
                    new Parameter(6, "RetryAfterSeconds", Parameter.Mode.INOUT, "int", true),
                    new Parameter(7, "Outcome", Parameter.Mode.INOUT, "text", true)),
                    catalog.routine("InsertOtpRecord").orElseThrow().parameters(), folder.engine.toString());
            assertEquals("table", catalog.routine("GetFullFlowState").orElseThrow().returns());
            assertEquals("text", catalog.routine("GetConfigValue").orElseThrow().returns());
            assertEquals("R__verification.sql", folder.fileOf.get("procedure InsertOtpRecord"));
            Column phoneNumber = catalog.table("PhoneNumbers").orElseThrow().column("PhoneNumber").orElseThrow();
            assertEquals("text(18)", phoneNumber.type());
            assertEquals(false, phoneNumber.nullable());
            assertEquals(List.of("update"), catalog.table("PhoneNumbers").orElseThrow().trigger("TRG_PhoneNumbers_Update").orElseThrow().events());
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
            return MigrationParityTest.differences(
                    MigrationFolder.parse(Engine.POSTGRESQL, Map.of("V3__verification.sql", pg)),
                    MigrationFolder.parse(Engine.SQLSERVER, Map.of("V3__verification.sql", ts)));
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

            assertCaught(found, "parameter RequestResendOtp.RetryAfterSecs exists only in PostgreSQL");
            assertCaught(found, "parameter RequestResendOtp.RetryAfterSeconds exists only in T-SQL");
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

            assertCaught(differences(PG, reordered), "procedure RequestResendOtp parameter order: PostgreSQL parameters [FlowUniqueId, RetryAfterSeconds, Outcome]"
                    + " vs T-SQL parameters [FlowUniqueId, Outcome, RetryAfterSeconds]");
        }

        @Test
        void aParameterThatIsOutputInOnlyOneEngineIsCaught() {
            String input = TS.replace("@RetryAfterSeconds INT = NULL OUTPUT,", "@RetryAfterSeconds INT,");

            assertCaught(differences(PG, input), "parameter RequestResendOtp.RetryAfterSeconds: PostgreSQL parameter 2 RetryAfterSeconds inout int optional"
                    + " vs T-SQL parameter 2 RetryAfterSeconds in int");
        }

        @Test
        void anOutputWithoutDefaultNullIsCaught() {
            String noDefault = PG.replace("INOUT \"Outcome\" varchar DEFAULT NULL", "INOUT \"Outcome\" varchar");

            assertCaught(differences(noDefault, TS), "PostgreSQL RequestResendOtp: output parameter Outcome has no DEFAULT NULL");
        }

        @Test
        void anIncompatibleParameterTypeIsCaught() {
            String bigint = TS.replace("@RetryAfterSeconds INT", "@RetryAfterSeconds BIGINT");

            assertCaught(differences(PG, bigint), "parameter RequestResendOtp.RetryAfterSeconds: PostgreSQL parameter 2 RetryAfterSeconds inout int optional"
                    + " vs T-SQL parameter 2 RetryAfterSeconds inout bigint optional");
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
            List<String> found = MigrationParityTest.differences(
                    MigrationFolder.parse(Engine.POSTGRESQL, Map.of("V3__verification.sql", PG)),
                    MigrationFolder.parse(Engine.SQLSERVER, Map.of("V4__membership.sql", TS)));

            assertCaught(found, "procedure RequestResendOtp is in V3__verification.sql in PostgreSQL but in V4__membership.sql in T-SQL");
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

            assertCaught(differences(pg.replace("varchar(18)", "varchar(20)"), ts), "column Things.Name: PostgreSQL column Name text(20) not null vs T-SQL column Name text(18) not null");
            assertCaught(differences(pg, ts.replace("NVARCHAR(18) NOT NULL", "NVARCHAR(18) NULL")),
                    "column Things.Name: PostgreSQL column Name text(18) not null vs T-SQL column Name text(18)");
            assertCaught(differences(pg.replace("\"UX_Things_Name\"", "\"UX_Things_Named\""), ts), "index Things.UX_Things_Named exists only in PostgreSQL");
            assertCaught(differences(pg, ts.replace("ON dbo.Things (Name)", "ON dbo.Things (Name, Id)")),
                    "index Things.UX_Things_Name: PostgreSQL index UX_Things_Name unique (Name) where filtered"
                    + " vs T-SQL index UX_Things_Name unique (Name, Id) where filtered");
            assertCaught(differences(pg, ts.replace("TRG_Things_Update", "TRG_Things_Updated")), "trigger Things.TRG_Things_Updated exists only in T-SQL");
            assertCaught(differences(pg.replace("\"PK_Things\"", "\"PK_Thing\""), ts), "key Things.PK_Thing exists only in PostgreSQL");
        }

        @Test
        void aHeaderLineThatCannotBeReadFailsLoudly() {
            String odd = PG.replace("\"FlowUniqueId\" uuid,", "\"FlowUniqueId\" uuid, \"Extra\" integer,");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MigrationFolder.parse(Engine.POSTGRESQL, Map.of("V3__verification.sql", odd)));

            assertTrue(e.getMessage().contains("cannot read a parameter of RequestResendOtp"), e.getMessage());
        }
    }
}
