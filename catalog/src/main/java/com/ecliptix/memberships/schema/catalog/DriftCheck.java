package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import javax.sql.DataSource;

/**
 * Compares a live database's schema {@code dbo} with a catalog snapshot, to find changes made outside
 * the migrations (a procedure altered by hand, a dropped index, a disabled trigger, a widened column).
 * It only reads the catalog; it never changes the database.
 *
 * <pre>{@code
 * DriftReport report = DriftCheck.against(dataSource).compareWithCommittedSnapshot();
 * if (report.hasBreakingChanges()) {
 *     log.error(report.render());
 * }
 * }</pre>
 *
 * A SQL Server database is compared with {@link TsqlMigrationRoutines#sqlServerExpectation}.
 */
public final class DriftCheck {

    private final DataSource dataSource;
    private final String description;

    private DriftCheck(DataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    public static DriftCheck against(DataSource dataSource) {
        return new DriftCheck(dataSource, "the database");
    }

    public static DriftCheck against(ConnectionSettings settings) {
        return new DriftCheck(settings.dataSource(), settings.redactedUrl());
    }

    /** Compares with the snapshot committed alongside these migrations ({@link CatalogSnapshot#committed()}). */
    public DriftReport compareWithCommittedSnapshot() {
        return compareWithCommittedSnapshot(description, CatalogReader.read(dataSource));
    }

    /**
     * Compares a catalog already read (by {@code status}, which reads it once for several checks) with the
     * committed snapshot.
     *
     * @param database a description of the database, without credentials
     */
    public static DriftReport compareWithCommittedSnapshot(String database, Catalog actual) {
        Catalog snapshot = CatalogSnapshot.committed();
        Catalog expected = actual.engine() == Engine.SQLSERVER && snapshot.engine() != Engine.SQLSERVER
                ? TsqlMigrationRoutines.sqlServerExpectation(snapshot) : snapshot;
        return new DriftReport(database, expected, actual, CatalogDiff.between(expected, actual));
    }
}
