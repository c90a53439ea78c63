package com.ecliptix.memberships.testing;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * The suite's pools drop a connection on which Babelfish raised one of its unnumbered errors (error 33557097,
 * a PostgreSQL error it maps to no SQL Server number, such as "permission denied for table ..."): after such
 * an error inside a routine's foreign key check, later foreign key checks on that connection may fail with
 * {@code relation "<db>_<db>_dbo.<table>" does not exist} (docs/babelfish.md, "A connection after an error").
 * A new connection has none of that state. Other errors, and every error of other engines, are HikariCP's call.
 */
public final class EvictAfterBabelfishError implements SQLExceptionOverride {

    /** Babelfish's error number for a PostgreSQL error without a SQL Server number of its own. */
    static final int BABELFISH_UNMAPPED_ERROR = 33557097;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return e.getErrorCode() == BABELFISH_UNMAPPED_ERROR ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
