package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The T-SQL body fingerprint and the migration files' side of it, without a database. */
class TsqlMigrationRoutinesTest {

    private static final String PROCEDURE = """
            -- Expires the flow's OTP.
            CREATE PROCEDURE dbo.Expire
                @Id INT,
                @Outcome NVARCHAR(50) = NULL OUTPUT
            AS
            BEGIN
                /* the status /* nested */ is final */
                SET @Outcome = N'Expired';
            END;
            """;

    @Test
    void whitespaceCommentsAndKeywordCaseDoNotCount() {
        String reformatted = "create procedure DBO.Expire @Id int,\r\n\t@Outcome nvarchar(50) = null output as begin"
                + " set @Outcome = N'Expired'; -- done\n end;";
        assertEquals(BodyFingerprint.ofTsql(PROCEDURE), BodyFingerprint.ofTsql(reformatted));
    }

    @Test
    void aChangedLiteralStatementOrOperatorCounts() {
        String original = BodyFingerprint.ofTsql(PROCEDURE);
        assertNotEquals(original, BodyFingerprint.ofTsql(PROCEDURE.replace("N'Expired'", "N'expired'")));
        assertNotEquals(original, BodyFingerprint.ofTsql(PROCEDURE.replace("SET @Outcome", "SET @Id = 0; SET @Outcome")));
        assertNotEquals(original, BodyFingerprint.ofTsql(PROCEDURE.replace("= NULL OUTPUT", "OUTPUT")));
        assertNotEquals(original, BodyFingerprint.ofTsql(PROCEDURE.replace("'Expired'", "'Expired -- not a comment'")));
    }

    @Test
    void anEncryptedModuleHasNoFingerprint() {
        assertNull(BodyFingerprint.ofTsql(null));
    }

    @Test
    void everyRoutineOfTheSnapshotHasAFingerprintFromTheSqlServerMigrations() {
        Map<String, String> fingerprints = TsqlMigrationRoutines.fingerprints();
        Set<String> snapshotRoutines = CatalogSnapshot.committed().routines().stream()
                .map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        assertEquals(snapshotRoutines, fingerprints.keySet(), "dbo routines of the SQL Server migrations");
        assertEquals(fingerprints.size(), Set.copyOf(fingerprints.values()).size(), "each routine's batch is its own");
    }

    @Test
    void theExpectationKeepsTheSnapshotAndCarriesSqlServerBodies() {
        Catalog snapshot = CatalogSnapshot.committed();
        Catalog expected = TsqlMigrationRoutines.sqlServerExpectation(snapshot);
        assertEquals(snapshot.tables(), expected.tables());
        assertEquals(snapshot.routines().stream().map(Routine::withoutBodyHash).toList(),
                expected.routines().stream().map(Routine::withoutBodyHash).toList());
        assertEquals(TsqlMigrationRoutines.fingerprints().get("expireassociatedotp"),
                expected.routine("ExpireAssociatedOtp").orElseThrow().bodyHash());
    }
}
