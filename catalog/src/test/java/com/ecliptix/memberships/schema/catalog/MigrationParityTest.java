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
 *
 * <p>The helpers of schema {@code ecliptix_internal} are compared too: the same names (PostgreSQL's
 * snake_case), the same inputs in the same order under each engine's naming convention, the same results
 * and files, except the engine-only helpers listed with their reasons below.
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

    /** Helpers that are one engine's mechanism alone, each with the reason; every other helper exists in both. */
    static final Map<String, String> POSTGRESQL_ONLY_HELPERS = Map.of(
            "utc_now", "the UTC clock without a zone (clock_timestamp() AT TIME ZONE 'UTC'), which column defaults use;"
                    + " SQL Server has SYSUTCDATETIME(), and a scalar function around it would not be inlined",
            "set_updated_at", "the function the UpdatedAt triggers run; SQL Server triggers carry their own body",
            "create_role_if_missing", "PostgreSQL roles are cluster-wide, so a migration creates one only when missing,"
                    + " safely when two databases migrate at once; SQL Server roles belong to the database",
            "grant_routine_privileges", "revokes EXECUTE from PUBLIC and grants the roles their routines, routine by routine;"
                    + " SQL Server grants EXECUTE on a whole schema, and afterMigrate__privileges.sql does the rest");
    static final Map<String, String> TSQL_ONLY_HELPERS = Map.of();

    /** Every difference between the folders' helpers, one sentence each; empty when they match. */
    static List<String> helperDifferences(MigrationFolder pg, MigrationFolder ts) {
        List<String> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(pg.helpers.keySet());
        names.addAll(ts.helpers.keySet());
        names.addAll(POSTGRESQL_ONLY_HELPERS.keySet());
        names.addAll(TSQL_ONLY_HELPERS.keySet());
        for (String name : names) {
            MigrationFolder.Helper a = pg.helpers.get(name);
            MigrationFolder.Helper b = ts.helpers.get(name);
            boolean pgOnly = POSTGRESQL_ONLY_HELPERS.containsKey(name);
            boolean tsOnly = TSQL_ONLY_HELPERS.containsKey(name);
            if ((pgOnly && (a == null || b != null)) || (tsOnly && (b == null || a != null))) {
                out.add("helper " + name + " is listed as " + (pgOnly ? "PostgreSQL" : "T-SQL") + "-only, but "
                        + (a != null && b != null ? "both engines have it" : "that engine does not have it"));
            } else if (pgOnly || tsOnly) {
                continue;
            } else if (b == null) {
                out.add("helper " + name + " exists only in PostgreSQL: " + a.shape());
            } else if (a == null) {
                out.add("helper " + name + " exists only in T-SQL: " + b.shape());
            } else {
                if (!a.shape().equals(b.shape())) {
                    out.add("helper " + name + ": PostgreSQL " + a.shape() + " vs T-SQL " + b.shape());
                }
                if (!a.file().equals(b.file())) {
                    out.add("helper " + name + " is in " + a.file() + " in PostgreSQL but in " + b.file() + " in T-SQL");
                }
            }
        }
        return out;
    }

    @Test
    void bothEnginesHaveTheSameHelpers() {
        List<String> differences = helperDifferences(POSTGRESQL, TSQL);

        if (!differences.isEmpty()) {
            fail("The helpers of ecliptix_internal differ (" + differences.size() + "):\n  - " + String.join("\n  - ", differences));
        }
    }

    @Test
    void theParserReadsTheHelpers() {
        // Guards the helper comparison itself: a parser that read no helper, or no parameter, would find no differences.
        for (MigrationFolder folder : List.of(POSTGRESQL, TSQL)) {
            assertTrue(folder.helpers.keySet().containsAll(List.of("lock_subject", "config_int", "login_state",
                    "record_login_attempt", "otp_issue_refusal", "end_context", "is_e164_phone_number")), folder.engine + ": " + folder.helpers.keySet());
            assertEquals("(phonenumber text, outcome text, issuccess bool, now datetime, since datetime, locked bool, windowminutes int) -> int",
                    folder.helpers.get("record_login_attempt").shape(), folder.engine.toString());
            assertEquals("(flowid uuid, expiresat datetime, otpcount int) -> (outcome text, retryafterseconds int)",
                    folder.helpers.get("otp_issue_refusal").shape(), folder.engine.toString());
            assertEquals("(phonenumber text, now datetime) -> table", folder.helpers.get("login_state").shape(), folder.engine.toString());
            assertEquals("(subject text) -> nothing", folder.helpers.get("lock_subject").shape(), folder.engine.toString());
        }
        assertEquals("(key text) -> int", TSQL.helpers.get("limit_default").shape());
        assertEquals("() -> datetime", POSTGRESQL.helpers.get("utc_now").shape());
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

        private static final String PG_HELPER = """
                CREATE FUNCTION ecliptix_internal.end_flow(p_flow_id uuid, p_status text)
                RETURNS void
                LANGUAGE plpgsql
                AS $$
                BEGIN
                END;
                $$;

                CREATE FUNCTION ecliptix_internal.record_failed_otp_check(p_flow_id uuid, p_otp_id uuid)
                RETURNS integer
                LANGUAGE plpgsql
                AS $$
                BEGIN
                    RETURN 0;
                END;
                $$;
                """;

        private static final String TS_HELPER = """
                CREATE PROCEDURE ecliptix_internal.end_flow
                    @FlowId UNIQUEIDENTIFIER,
                    @Status NVARCHAR(20)
                AS
                BEGIN
                    SET NOCOUNT ON;
                END;
                GO

                CREATE PROCEDURE ecliptix_internal.record_failed_otp_check
                    @FlowId UNIQUEIDENTIFIER,
                    @OtpId UNIQUEIDENTIFIER,
                    @RemainingAttempts INT = NULL OUTPUT
                AS
                BEGIN
                    SET @RemainingAttempts = 0;
                END;
                GO
                """;

        private List<String> helperDifferences(String pg, String ts) {
            return MigrationParityTest.helperDifferences(
                    MigrationFolder.parse(Engine.POSTGRESQL, Map.of("R__verification.sql", pg + PG_ONLY)),
                    MigrationFolder.parse(Engine.SQLSERVER, Map.of("R__verification.sql", ts)));
        }

        /** The listed PostgreSQL-only helpers, so that the cases below differ in nothing else. */
        private static final String PG_ONLY = String.join("", POSTGRESQL_ONLY_HELPERS.keySet().stream().map(name -> """
                CREATE FUNCTION ecliptix_internal.%s()
                RETURNS void
                LANGUAGE sql
                AS $$ SELECT $$;
                """.formatted(name)).toList());

        @Test
        void matchingHelpersHaveNoDifferences() {
            // One result: PostgreSQL's returned integer is T-SQL's one OUTPUT parameter.
            assertEquals(List.of(), helperDifferences(PG_HELPER, TS_HELPER));
        }

        @Test
        void aHelperParameterRenamedOrReorderedIsCaught() {
            assertCaught(helperDifferences(PG_HELPER, TS_HELPER.replace("@Status NVARCHAR(20)", "@NewStatus NVARCHAR(20)")),
                    "helper end_flow: PostgreSQL (flowid uuid, status text) -> nothing vs T-SQL (flowid uuid, newstatus text) -> nothing");
            assertCaught(helperDifferences(PG_HELPER.replace("(p_flow_id uuid, p_otp_id uuid)", "(p_otp_id uuid, p_flow_id uuid)"), TS_HELPER),
                    "helper record_failed_otp_check: PostgreSQL (otpid uuid, flowid uuid) -> int vs T-SQL (flowid uuid, otpid uuid) -> int");
        }

        @Test
        void aHelperResultThatDiffersIsCaught() {
            assertCaught(helperDifferences(PG_HELPER, TS_HELPER.replace("@RemainingAttempts INT = NULL OUTPUT", "@RemainingAttempts INT")),
                    "helper record_failed_otp_check: PostgreSQL (flowid uuid, otpid uuid) -> int vs T-SQL (flowid uuid, otpid uuid, remainingattempts int) -> nothing");
        }

        @Test
        void aHelperInOneEngineOnlyIsCaughtUnlessListed() {
            String renamed = TS_HELPER.replace("ecliptix_internal.end_flow", "ecliptix_internal.EndFlow");

            List<String> found = helperDifferences(PG_HELPER, renamed);

            assertCaught(found, "helper end_flow exists only in PostgreSQL");
            assertCaught(found, "helper EndFlow exists only in T-SQL");
            assertCaught(helperDifferences(PG_HELPER, TS_HELPER + """
                    CREATE FUNCTION ecliptix_internal.utc_now()
                    RETURNS DATETIME2(7)
                    AS
                    BEGIN
                        RETURN SYSUTCDATETIME();
                    END;
                    GO
                    """), "helper utc_now is listed as PostgreSQL-only, but both engines have it");
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
