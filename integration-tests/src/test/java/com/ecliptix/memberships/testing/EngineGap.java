package com.ecliptix.memberships.testing;

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
            + " then as u: EXEC dbo.P -> permission denied for table t");

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

    /** Skips the calling test on Babelfish with {@link #message()}; elsewhere does nothing. */
    public void skipOnBabelfish(TestDatabase db) {
        if (db.isBabelfish()) {
            Assumptions.abort(message());
        }
    }
}
