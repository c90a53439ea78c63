package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.SchemaMigrator;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/** What Flyway's migrate would run, from its migration info: the status report and the dry run agree on it. */
final class PendingMigrations {

    /** New migrations, and repeatable ones whose file changed since they were applied. */
    private static final Set<MigrationState> TO_RUN = Set.of(MigrationState.PENDING, MigrationState.OUTDATED);

    private PendingMigrations() {
    }

    /** In the order migrate applies them: versions first, then the repeatable migrations by description. */
    static List<MigrationInfo> of(SchemaMigrator migrator) {
        return Arrays.stream(migrator.flyway().info().all()).filter(m -> TO_RUN.contains(m.getState())).toList();
    }
}
