package com.ecliptix.memberships.schema.adoption;

import java.util.Optional;

/**
 * An adoption done: the conversion's report (empty when an earlier adoption had converted the database and
 * only its recording in Flyway's history was left to do), the version recorded as the baseline, and the
 * migrations applied after it up to {@code schemaVersion}.
 */
public record AdoptionResult(Optional<AdoptionReport> conversion, String baselineVersion, int migrationsApplied,
        String schemaVersion) {
}
