package com.ecliptix.memberships.schema.adoption;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.TsqlBatches;
import com.ecliptix.memberships.schema.adoption.LegacyCatalog.Recognition;
import com.ecliptix.memberships.schema.adoption.LegacyCatalog.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.BaselineResult;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Adopts the legacy EcliptixMemberships database that the original T-SQL scripts built: converts it in
 * place into the state of the baseline version ({@value #BASELINE_VERSION}, what {@code V1__baseline.sql}
 * creates), keeping every row, records that version in Flyway's history, and migrates to the latest.
 *
 * <pre>{@code
 * LegacyAdoption adoption = LegacyAdoption.of(ownerDataSource);
 * System.out.print(adoption.dryRun().render());   // what it would do; changes nothing
 * adoption.adopt();
 * }</pre>
 *
 * <p>The conversion is one transaction (SQL Server's DDL is transactional): the legacy rows are copied into
 * temporary tables and the rules applied there ({@link AdoptionRule}), the legacy objects dropped, the
 * baseline migration run, the rows loaded back with their Ids. It commits whole or not at all. Recording
 * and migrating follow as Flyway's own steps; when they are interrupted, adopt again: a converted database
 * without a history is recognised and only recorded and migrated. A dry run is the first part alone,
 * rolled back: it reads the legacy tables and writes only temporary tables of its session.
 *
 * <p>SQL Server only (the legacy database is T-SQL). Run it as the database's owner, with the legacy
 * application stopped.
 */
public final class LegacyAdoption {

    /** The version the conversion produces, recorded as Flyway's baseline. */
    public static final String BASELINE_VERSION = "1";

    static final String BASELINE_DESCRIPTION = "adopted legacy database";

    private static final String SCRIPTS = "adoption/sqlserver/";
    private static final String BASELINE_MIGRATION = "db/migration/sqlserver/V1__baseline.sql";

    /** The legacy tables in the order the report lists them (the baseline's order). */
    static final List<String> TABLES = List.of("AppDevices", "PhoneNumbers", "PhoneNumberDevices", "VerificationFlows",
            "OtpRecords", "FailedOtpAttempts", "Memberships", "MembershipAttempts", "LoginAttempts", "EventLog");

    private final DataSource dataSource;
    private final String database;

    private LegacyAdoption(DataSource dataSource, String database) {
        this.dataSource = dataSource;
        this.database = database;
    }

    /** Adoption of the database behind a data source (its owner's). */
    public static LegacyAdoption of(DataSource dataSource) {
        return new LegacyAdoption(dataSource, "the database");
    }

    /** Adoption of the database the settings name; reports name it by its URL without secrets. */
    public static LegacyAdoption of(ConnectionSettings settings) {
        return new LegacyAdoption(settings.dataSource(), settings.redactedUrl());
    }

    /**
     * What {@link #adopt()} would do, changing nothing.
     *
     * @throws AdoptionRefusedException when the database is not the legacy schema
     */
    public AdoptionReport dryRun() {
        try (Connection connection = dataSource.getConnection()) {
            Recognition found = recognise(connection);
            if (found.state() != State.LEGACY) {
                throw new AdoptionRefusedException("Nothing to convert: " + database + " holds " + found.description()
                        + "; adopt records and migrates it.");
            }
            connection.setAutoCommit(false);
            try {
                run(connection, script("stage.sql"));
                return report(connection, found);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The dry run of the adoption of " + database + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Converts the legacy database into the baseline version, records that version in Flyway's history and
     * migrates to the latest.
     *
     * @throws AdoptionRefusedException when the database is not the legacy schema (nothing was changed)
     */
    public AdoptionResult adopt() {
        Optional<AdoptionReport> conversion = convert();
        SchemaMigrator migrator = SchemaMigrator.of(dataSource, Engine.SQLSERVER);
        BaselineResult recorded = migrator.configuration().baselineVersion(BASELINE_VERSION)
                .baselineDescription(BASELINE_DESCRIPTION).load().baseline();
        if (!recorded.successfullyBaselined) {
            throw new AdoptionRefusedException("Converted, but not recorded: " + database + " got a Flyway history meanwhile;"
                    + " check it with info, then migrate.");
        }
        MigrateResult migrated = migrator.migrate();
        MigrationInfo current = migrator.flyway().info().current();
        return new AdoptionResult(conversion, BASELINE_VERSION, migrated.migrationsExecuted,
                current == null || current.getVersion() == null ? BASELINE_VERSION : current.getVersion().getVersion());
    }

    /** The conversion, in one transaction; empty when an earlier adoption converted the database already. */
    private Optional<AdoptionReport> convert() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Recognition found = recognise(connection);
                if (found.state() == State.BASELINE_NOT_RECORDED) {
                    connection.rollback();
                    return Optional.empty();
                }
                run(connection, script("lock.sql"));
                run(connection, script("stage.sql"));
                AdoptionReport report = report(connection, found);
                run(connection, script("drop-legacy.sql"));
                run(connection, resource(BASELINE_MIGRATION));
                run(connection, script("load.sql"));
                checkLoaded(connection, report);
                connection.commit();
                return Optional.of(report);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The adoption of " + database + " failed and was rolled back: " + e.getMessage(), e);
        }
    }

    private Recognition recognise(Connection connection) throws SQLException {
        Engine engine = Engine.of(connection);
        if (engine != Engine.SQLSERVER) {
            throw new AdoptionRefusedException("Not adopted: " + database + " is " + engine
                    + "; adoption converts the legacy SQL Server database the original T-SQL scripts built.");
        }
        return LegacyCatalog.recognise(connection);
    }

    private AdoptionReport report(Connection connection, Recognition found) throws SQLException {
        List<TableCounts> tables = new ArrayList<>();
        for (String table : TABLES) {
            String counts = "SELECT COUNT(*),"
                    + " COALESCE(SUM(CASE WHEN Changed = 0 THEN 1 ELSE 0 END), 0),"
                    + " COALESCE(SUM(CASE WHEN Changed = 1 AND SoftDeleted = 0 THEN 1 ELSE 0 END), 0),"
                    + " COALESCE(SUM(CASE WHEN SoftDeleted = 1 THEN 1 ELSE 0 END), 0) FROM #" + table;
            try (PreparedStatement s = connection.prepareStatement(counts); ResultSet rs = s.executeQuery()) {
                rs.next();
                tables.add(new TableCounts(table, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        List<Conflict> conflicts = new ArrayList<>();
        String logged = "SELECT TableName, RowKey, RuleCode, Detail FROM #AdoptionConflicts ORDER BY Seq";
        try (PreparedStatement s = connection.prepareStatement(logged); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                conflicts.add(new Conflict(rs.getString(1), rs.getString(2), AdoptionRule.ofCode(rs.getString(3)), rs.getString(4)));
            }
        }
        return new AdoptionReport(database, found.description(), tables, conflicts);
    }

    /** Every staged row arrived: the conversion commits only then. */
    private static void checkLoaded(Connection connection, AdoptionReport report) throws SQLException {
        for (TableCounts table : report.tables()) {
            try (PreparedStatement s = connection.prepareStatement("SELECT COUNT(*) FROM dbo." + table.table());
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != table.rows()) {
                    throw new IllegalStateException("dbo." + table.table() + " holds " + rs.getLong(1) + " rows after the conversion, not its "
                            + table.rows() + " legacy rows");
                }
            }
        }
    }

    /** Sends a script's batches one by one, reading every result, so that an error in any statement surfaces. */
    private static void run(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String batch : TsqlBatches.nonBlank(script)) {
                boolean isResultSet = statement.execute(batch);
                while (isResultSet || statement.getUpdateCount() != -1) {
                    if (isResultSet) {
                        statement.getResultSet().close();
                    }
                    isResultSet = statement.getMoreResults();
                }
            }
        }
    }

    private static String script(String name) {
        return resource(SCRIPTS + name);
    }

    private static String resource(String path) {
        try (InputStream in = LegacyAdoption.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the class path: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
