package com.ecliptix.memberships.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockConnection;

/** A {@link Database} that counts the statements sent to it and answers none, for "rejected before any call" tests. */
public final class NoDatabase {

    private final AtomicInteger statements = new AtomicInteger();
    private final Database database = new Database(DSL.using(new MockConnection(context -> {
        statements.incrementAndGet();
        throw new java.sql.SQLException("no database in this test");
    }), SQLDialect.POSTGRES));

    public Database database() {
        return database;
    }

    /** Statements that reached the (absent) database. */
    public int statements() {
        return statements.get();
    }
}
