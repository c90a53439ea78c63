package com.ecliptix.memberships.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The pool's setup per engine: a T-SQL connection declares its table variable first, a PostgreSQL one runs nothing. */
class ConnectionPoolsTest {

    @Test
    void onlyTsqlConnectionsRunTheFirstTableVariable() {
        assertEquals(ConnectionPools.TSQL_CONNECTION_INIT, ConnectionPools.config("p",
                "jdbc:sqlserver://127.0.0.1:1434;databaseName=db;encrypt=false", "u", null, 2).getConnectionInitSql());
        assertNull(ConnectionPools.config("p", "jdbc:postgresql://127.0.0.1:5432/db", "u", null, 2).getConnectionInitSql());
        assertEquals("TRANSACTION_READ_COMMITTED", ConnectionPools.config("p", "jdbc:postgresql://127.0.0.1:5432/db", "u", null, 2)
                .getTransactionIsolation());
    }
}
