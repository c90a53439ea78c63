package com.ecliptix.memberships.maintenance;

import java.util.List;

/**
 * What a cleanup deleted.
 *
 * @param deletedPerBatch rows deleted by each batch, in order; the final call that found nothing left is
 *                        not listed, so a cleanup with nothing to do has no batches
 */
public record CleanupReport(List<Integer> deletedPerBatch) {

    public CleanupReport {
        deletedPerBatch = List.copyOf(deletedPerBatch);
    }

    /** Rows deleted in all. */
    public long totalDeleted() {
        return deletedPerBatch.stream().mapToLong(Integer::longValue).sum();
    }
}
