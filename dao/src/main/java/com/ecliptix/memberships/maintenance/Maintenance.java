package com.ecliptix.memberships.maintenance;

import com.ecliptix.memberships.InvalidInputException;
import java.util.function.IntConsumer;

/**
 * Jobs for a scheduler. {@link #cleanup()} deletes what no rule needs any more: attempt logs, security
 * events, ended sessions and ended verification flows past their {@code Retention.*} days. It works in
 * batches, each its own short transaction, so it never holds locks or row versions longer than one batch
 * and can run while the application does.
 */
public interface Maintenance {

    /** The batch size {@link #cleanup()} uses. */
    int DEFAULT_BATCH_SIZE = 1000;

    /** The largest batch CleanupExpiredData accepts. */
    int MAX_BATCH_SIZE = 10_000;

    /** {@link #cleanup(int)} with {@value #DEFAULT_BATCH_SIZE} rows per batch. */
    CleanupReport cleanup();

    /**
     * Deletes expired rows batch after batch until a batch finds nothing left.
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
    CleanupReport cleanup(int batchSize, IntConsumer afterEachBatch);
}
