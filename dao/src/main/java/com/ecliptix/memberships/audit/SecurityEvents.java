package com.ecliptix.memberships.audit;

import static com.ecliptix.memberships.generated.Tables.EVENT_LOG;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.RoutineCallException;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.JooqDialect;
import com.ecliptix.memberships.internal.ReadCommittedConnections;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The recent security events of {@code EventLog}, newest first, for an operator's screen.
 *
 * <p>This is an operator-side reader, not part of {@code EcliptixMemberships}: it reads the table
 * directly, which the application role ({@code ecliptix_app}, EXECUTE only) may not. Give it a data
 * source whose user has SELECT on {@code dbo.EventLog}, e.g. one mapped to the {@code ecliptix_readonly}
 * role.
 *
 * <pre>{@code
 * List<SecurityEvent> events = SecurityEvents.using(readOnlyDataSource).recent(Duration.ofHours(24), 100);
 * }</pre>
 */
public final class SecurityEvents {

    /** The most rows one read returns. */
    public static final int MAX_LIMIT = 10_000;

    private final DSLContext dsl;
    private final Clock clock;

    private SecurityEvents(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** A reader over a data source the caller owns (and closes). */
    public static SecurityEvents using(DataSource dataSource) {
        Inputs.required("dataSource", dataSource);
        return new SecurityEvents(DSL.using(ReadCommittedConnections.checkedOnce(dataSource), JooqDialect.of(dataSource)),
                Clock.systemUTC());
    }

    /**
     * The newest {@code limit} events, newest first.
     *
     * @throws InvalidInputException when the limit is not 1 to {@value #MAX_LIMIT}
     */
    public List<SecurityEvent> recent(int limit) {
        return newest(limit, null);
    }

    /**
     * The newest {@code limit} events of the last {@code within} (by this JVM's clock against the
     * database's UTC times), newest first.
     *
     * @throws InvalidInputException when the window is null or not positive, or the
     *                               limit is not 1 to {@value #MAX_LIMIT}
     */
    public List<SecurityEvent> recent(Duration within, int limit) {
        Inputs.required("within", within);
        if (within.isNegative() || within.isZero()) {
            throw new InvalidInputException("within", "must be a positive duration");
        }
        return newest(limit, clock.instant().minus(within));
    }

    private List<SecurityEvent> newest(int limit, Instant since) {
        Inputs.positive("limit", limit);
        if (limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be at most " + MAX_LIMIT);
        }
        // ROW_NUMBER instead of LIMIT: jOOQ's open-source edition renders LIMIT for SQL Server (DEFAULT
        // dialect), which T-SQL rejects; a numbered derived table reads the same on both engines, and both
        // stop after the first rows of IX_EventLog_CreatedAt read backwards.
        Field<Integer> position = DSL.rowNumber().over(DSL.orderBy(EVENT_LOG.CREATED_AT.desc(), EVENT_LOG.ID.desc())).as("Position");
        Table<?> numbered = DSL.select(EVENT_LOG.ID, EVENT_LOG.EVENT_TYPE, EVENT_LOG.MESSAGE, EVENT_LOG.CREATED_AT, position)
                .from(EVENT_LOG)
                .where(since == null ? DSL.noCondition() : EVENT_LOG.CREATED_AT.gt(since))
                .asTable("e");
        Field<Integer> rank = numbered.field(position);
        try {
            return dsl.select(numbered.field(EVENT_LOG.ID), numbered.field(EVENT_LOG.EVENT_TYPE),
                            numbered.field(EVENT_LOG.MESSAGE), numbered.field(EVENT_LOG.CREATED_AT))
                    .from(numbered)
                    .where(rank.le(limit))
                    .orderBy(rank)
                    .fetch(row -> new SecurityEvent(
                            row.value1(),
                            SecurityEventType.of(row.value2()),
                            row.value2(),
                            row.value3(),
                            row.value4()));
        } catch (DataAccessException e) {
            throw new RoutineCallException("EventLog", e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }
}
