package com.ecliptix.memberships.maintenance;

import com.ecliptix.memberships.InvalidInputException;
import java.util.function.IntConsumer;

/**
 * Jobs for a scheduler. {@link #cleanup()} deletes what no rule needs any more: attempt logs, security
 * events, ended sessions and ended verification flows past their {@code Retention.*} days. It works in
 * batches, each its own short transaction, so it never holds locks or row versions longer than one batch
 * and can run while the application does. After each batch it leaves the database idle for as long as the
 * batch took, so that it takes at most about half of the server's time, disk flushes included, from the
 * calls running beside it (docs/performance.md has the measurements).
 */
public interface Maintenance {

    /**
     * The batch size {@link #cleanup()} uses: large enough that a batch's commit is a small part of its cost,
     * and below the 5,000 locks of one statement at which SQL Server escalates row locks to a table lock,
     * which would stop the logins' inserts for the batch.
     */
    int DEFAULT_BATCH_SIZE = 4000;

    /** The largest batch CleanupExpiredData accepts. */
    int MAX_BATCH_SIZE = 10_000;

    /** {@link #cleanup(int)} with {@value #DEFAULT_BATCH_SIZE} rows per batch. */
    CleanupReport cleanup();

    /**
     * Deletes expired rows batch after batch until a batch finds nothing left, idle after each batch for as
     * long as it took; an interrupt of the calling thread ends it after the current batch (the report has the
     * batches done, and the thread keeps its interrupt flag).
     *
     * @throws InvalidInputException when the batch size is not 1 to {@value #MAX_BATCH_SIZE}; nothing is called
     */
    CleanupReport cleanup(int batchSize);

    /**
     * Like {@link #cleanup(int)}, telling {@code afterEachBatch} the rows each batch deleted as soon as
     * its transaction committed (a command line's progress lines).
     *
     * @throws InvalidInputException when the batch size is not 1 to {@value #MAX_BATCH_SIZE}; nothing is called
     */
    public CleanupReport cleanup(int batchSize, IntConsumer afterEachBatch) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidInputException("BatchSize", "must be 1 to " + MAX_BATCH_SIZE);
        }
        Inputs.required("afterEachBatch", afterEachBatch);
        List<Integer> batches = new ArrayList<>();
        while (true) {
            long started = System.nanoTime();
            int deleted = deleteBatch(batchSize);
            if (deleted == 0) {
                return new CleanupReport(batches);
            }
            batches.add(deleted);
            afterEachBatch.accept(deleted);
            if (!idle(System.nanoTime() - started)) {
                return new CleanupReport(batches);
            }
        }
    }

    /** Pacing: as long idle as the batch was busy. False when the thread was interrupted (its flag is kept). */
    private static boolean idle(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One call, one transaction (the API's calls run in auto-commit unless they join a flow step). */
    private int deleteBatch(int batchSize) {
        Outputs out = routines.call(RoutineCall.of(CleanupExpiredData.class)
                .set(CleanupExpiredData.BATCH_SIZE, batchSize));
        Codes.parse(out.routine(), CleanupOutcome.class, out.get(CleanupExpiredData.OUTCOME),
                Map.of("invalid_input", "BatchSize"));
        Integer deleted = out.get(CleanupExpiredData.DELETED_COUNT);
        if (deleted == null || deleted < 0 || deleted > batchSize) {
            throw new RoutineCallException(out.routine(), "returned a deleted count of " + deleted, null);
        }
        return deleted;
    }
}
