package com.ecliptix.memberships.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.tools.jdbc.MockConnection;

/** A {@link RoutineCalls} that counts the statements sent to it and answers none, for "rejected before any call" tests. */
public final class NoDatabase {

    private final AtomicInteger statements = new AtomicInteger();
    private final RoutineCalls routines = OneConnection.routines(new MockConnection(context -> {
        statements.incrementAndGet();
        throw new java.sql.SQLException("no database in this test");
    }));

    public RoutineCalls routines() {
        return routines;
    }

    /** Statements that reached the (absent) database. */
    public int statements() {
        return statements.get();
    }
}
