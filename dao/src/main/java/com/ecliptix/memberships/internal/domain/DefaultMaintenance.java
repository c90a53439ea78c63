package com.ecliptix.memberships.internal.domain;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.RoutineCallException;
import com.ecliptix.memberships.generated.routines.CleanupExpiredData;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.maintenance.CleanupReport;
import com.ecliptix.memberships.maintenance.Maintenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/** {@link Maintenance} over the routines. */
public final class DefaultMaintenance implements Maintenance {

    private final RoutineCalls routines;

    public DefaultMaintenance(RoutineCalls routines) {
        this.routines = routines;
    }

    @Override
    public CleanupReport cleanup() {
        return cleanup(DEFAULT_BATCH_SIZE);
    }

    @Override
    public CleanupReport cleanup(int batchSize) {
        return cleanup(batchSize, deleted -> { });
    }

    @Override
    public CleanupReport cleanup(int batchSize, IntConsumer afterEachBatch) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidInputException("BatchSize", "must be 1 to " + MAX_BATCH_SIZE);
        }
        Inputs.required("afterEachBatch", afterEachBatch);
        List<Integer> batches = new ArrayList<>();
        while (true) {
            int deleted = deleteBatch(batchSize);
            if (deleted == 0) {
                return new CleanupReport(batches);
            }
            batches.add(deleted);
            afterEachBatch.accept(deleted);
        }
    }

    /** One call, one transaction, committed before the next batch starts. */
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
