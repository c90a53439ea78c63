package com.ecliptix.memberships.benchmarks.soak;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.maintenance.CleanupReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The retention cleanup as a scheduler runs it beside the application: every {@link #EVERY}, a batch of
 * history past its retention arrives ({@value #ROWS_PER_ROUND} LoginAttempts rows 31 to 61 days old, of phones
 * {@value #PHONE_PREFIX}..., written by the owner as time would), then {@code maintenance().cleanup()} deletes
 * what is past retention, batch by batch, while the soak's callers run.
 */
final class CleanupLoop {

    static final String PHONE_PREFIX = "+447";
    static final int ROWS_PER_ROUND = 25_000;
    static final Duration EVERY = Duration.ofSeconds(15);

    private final EcliptixMemberships api;
    private final DataSource owner;
    private final Tally errors;
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();

    CleanupLoop(EcliptixMemberships api, DataSource owner, Tally errors) {
        this.api = api;
        this.owner = owner;
        this.errors = errors;
    }

    void run(Timings timings, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            Instant round = Instant.now();
            try {
                age();
                CleanupReport report = timings.time("maintenance.cleanup (" + ROWS_PER_ROUND + " expired rows)", () -> api.maintenance().cleanup());
                deleted.addAndGet(report.totalDeleted());
                runs.incrementAndGet();
            } catch (EcliptixMembershipsException e) {
                errors.add("maintenance.cleanup: " + e.getClass().getSimpleName() + " (" + e.kind() + ")");
            } catch (SQLException | RuntimeException e) {
                errors.add("maintenance.cleanup: " + e.getClass().getName());
            }
            long pause = Duration.between(Instant.now(), round.plus(EVERY)).toMillis();
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (pause > 0 && left > 0) {
                try {
                    Thread.sleep(Math.min(pause, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** History past its retention (Retention.AttemptLogDays is 30). */
    private void age() throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            int rows = s.executeUpdate("INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\", \"IsSuccess\", \"CreatedAt\", \"UpdatedAt\")"
                    + " SELECT '" + PHONE_PREFIX + "' || lpad((1 + g % 100000)::text, 9, '0'), 'inactive_membership', false, t, t"
                    + " FROM (SELECT g, ecliptix_internal.utc_now() - interval '31 days' - random() * interval '30 days' AS t"
                    + " FROM generate_series(1, " + ROWS_PER_ROUND + ") AS g) AS x");
            inserted.addAndGet(rows);
        }
    }

    long inserted() {
        return inserted.get();
    }

    long deleted() {
        return deleted.get();
    }

    long runs() {
        return runs.get();
    }
}
