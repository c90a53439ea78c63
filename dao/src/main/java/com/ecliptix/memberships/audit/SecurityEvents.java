package com.ecliptix.memberships.audit;

import static com.ecliptix.memberships.generated.Tables.EVENT_LOG;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.conf.Settings;
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

    /** No execute logging: the reader's lines are the application's to choose. */
    private static final Settings SETTINGS = new Settings().withExecuteLogging(false);

    private final Transactions transactions;
    private final Clock clock;

    private SecurityEvents(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A reader over a data source the caller owns (and closes). */
    public static SecurityEvents using(DataSource dataSource) {
        Inputs.required("dataSource", dataSource);
        return new SecurityEvents(Transactions.forReading(dataSource), Clock.systemUTC());
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
        // The read runs as a call does: at READ COMMITTED, committed, the connection given back as it was.
        return transactions.call("EventLog", connection -> read(connection, () -> DSL.using(connection, transactions.dialect(), SETTINGS)
                .select(numbered.field(EVENT_LOG.ID), numbered.field(EVENT_LOG.EVENT_TYPE),
                        numbered.field(EVENT_LOG.MESSAGE), numbered.field(EVENT_LOG.CREATED_AT))
                .from(numbered)
                .where(rank.le(limit))
                .orderBy(rank)
                .fetch(row -> new SecurityEvent(
                        row.value1(),
                        SecurityEventType.of(row.value2()),
                        row.value2(),
                        row.value3(),
                        row.value4()))));
    }

    /** jOOQ's reads throw its DataAccessException; the driver's error inside is what the API classifies. */
    private static <T> T read(Connection connection, Supplier<T> query) throws SQLException {
        try {
            return query.get();
        } catch (DataAccessException e) {
            throw e.getCause() instanceof SQLException failure ? failure : new SQLException(e.getMessage(), e);
        }
    }
}
