package com.ecliptix.memberships.testing;

import java.sql.Connection;
import org.junit.jupiter.api.Assumptions;

/**
 * What Babelfish for PostgreSQL (4.4), a T-SQL engine the SQL Server run may be pointed at, cannot do that a
 * test of the SQL Server run asks for; each with a one-line repro (docs/babelfish.md lists them all). A test
 * skips, or takes the engine's other way, only where the engine itself lacks the thing, and never for a rule
 * of the contract.
 */
public enum EngineGap {

    NO_OWNERSHIP_CHAINING("Babelfish has no ownership chaining: a routine runs with its caller's rights on the tables and"
            + " helpers it uses, so there the application role holds those privileges too (docs/babelfish.md)",
            "CREATE TABLE dbo.T (a INT); CREATE PROCEDURE dbo.P AS SELECT COUNT(*) FROM dbo.T; GRANT EXECUTE ON dbo.P TO u;"
            + " then as u: EXEC dbo.P -> permission denied for table t"),

    /** A test that wants "another default isolation" takes SNAPSHOT there instead ({@link #isolation}). */
    NO_REPEATABLE_READ_OR_SERIALIZABLE("Babelfish refuses REPEATABLE READ and SERIALIZABLE unless"
            + " babelfishpg_tsql.isolation_level_repeatable_read / _serializable is set to pg_isolation",
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ -> Isolation level 'REPEATABLE READ' is not currently supported in Babelfish");

    /** mssql-jdbc's SQLServerConnection.TRANSACTION_SNAPSHOT, which Babelfish accepts. */
    private static final int SNAPSHOT = 4096;

    private final String gap;
    private final String repro;

    EngineGap(String gap, String repro) {
        this.gap = gap;
        this.repro = repro;
    }

    /** The skip message: the gap and its repro. */
    public String message() {
        return "skipped on Babelfish: " + gap + ". Repro: " + repro;
    }

    /**
     * The isolation a test asks a connection for, or on Babelfish, for one it refuses
     * ({@link #NO_REPEATABLE_READ_OR_SERIALIZABLE}), SNAPSHOT: still another default than the API's READ COMMITTED.
     */
    public static int isolation(TestDatabase db, int requested) {
        boolean refused = requested == Connection.TRANSACTION_REPEATABLE_READ
                || requested == Connection.TRANSACTION_SERIALIZABLE;
        return refused && db.isBabelfish() ? SNAPSHOT : requested;
    }

    /** Skips the calling test on Babelfish with {@link #message()}; elsewhere does nothing. */
    public void skipOnBabelfish(TestDatabase db) {
        if (db.isBabelfish()) {
            Assumptions.abort(message());
        }
    }
}
