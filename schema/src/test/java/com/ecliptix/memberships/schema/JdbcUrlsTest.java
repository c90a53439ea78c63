package com.ecliptix.memberships.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void aPostgresUrlKeepsHostAndParametersAndGetsTheNewDatabase() {
        assertEquals("jdbc:postgresql://db:5432/other?ssl=true",
                JdbcUrls.withDatabase("jdbc:postgresql://db:5432/postgres?ssl=true", "other"));
        assertEquals("jdbc:postgresql://127.0.0.1/other", JdbcUrls.withDatabase("jdbc:postgresql://127.0.0.1", "other"));
    }

    @Test
    void aSqlServerUrlGetsExactlyOneDatabaseName() {
        assertEquals("jdbc:sqlserver://db:1433;encrypt=false;databaseName=other",
                JdbcUrls.withDatabase("jdbc:sqlserver://db:1433;databaseName=master;encrypt=false;", "other"));
        assertEquals("jdbc:sqlserver://db;databaseName=other", JdbcUrls.withDatabase("jdbc:sqlserver://db", "other"));
    }

    @Test
    void passwordsInUrlsAreRedacted() {
        assertEquals("jdbc:sqlserver://db;user=sa;password=***;encrypt=true",
                JdbcUrls.redact("jdbc:sqlserver://db;user=sa;password=S3cret!;encrypt=true"));
        assertEquals("jdbc:postgresql://db/x?user=a&password=***", JdbcUrls.redact("jdbc:postgresql://db/x?user=a&password=p"));
    }

    @Test
    void otherEnginesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Engine.ofUrl("jdbc:mysql://db/x"));
    }
}
