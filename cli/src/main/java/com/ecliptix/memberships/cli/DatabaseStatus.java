package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.SchemaStatus;
import com.ecliptix.memberships.schema.catalog.Catalog;
import com.ecliptix.memberships.schema.catalog.CatalogReader;
import com.ecliptix.memberships.schema.catalog.CatalogSnapshot;
import com.ecliptix.memberships.schema.catalog.Difference;
import com.ecliptix.memberships.schema.catalog.DriftCheck;
import com.ecliptix.memberships.schema.catalog.DriftReport;
import com.ecliptix.memberships.schema.catalog.NotCompared;
import com.ecliptix.memberships.schema.catalog.Routine;
import com.ecliptix.memberships.schema.catalog.Table;
import com.ecliptix.memberships.schema.catalog.Trigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;

/**
 * What an operator checks first: the schema version and what is pending, every contract object present
 * or missing by name (the names of the committed catalog snapshot), the rows of each table, and the last
 * day's security figures. Reads only.
 */
record DatabaseStatus(
        String database,
        Engine engine,
        String schemaVersion,
        int appliedMigrations,
        List<PendingMigration> pending,
        List<ContractObject> objects,
        Map<String, Long> rowCounts,
        DriftVerdict drift,
        Optional<SecurityFigures> security) {

    /** The window of the security figures. */
    static final Duration SECURITY_WINDOW = Duration.ofHours(24);


    record PendingMigration(String version, String description, String script) {
    }

    /** A table, function, procedure or trigger ({@code Table.Trigger}) of the contract. */
    record ContractObject(String kind, String name, boolean present) {
    }

    /**
     * Drift's verdict on the same catalog: how many differences from the committed snapshot break callers, how many
     * do not, and what the engine could not answer and drift therefore did not compare (on Babelfish).
     */
    record DriftVerdict(int breaking, int compatible, List<NotCompared> notCompared) {

        static DriftVerdict of(DriftReport report) {
            int breaking = (int) report.differences().stream().filter(Difference::breaking).count();
            return new DriftVerdict(breaking, report.differences().size() - breaking, report.notCompared());
        }

        String verdict() {
            return breaking > 0 ? "breaking" : compatible > 0 ? "compatible" : "none";
        }
    }

    /** Counts since {@code since} (ISO-8601, UTC, the database's clock). */
    record SecurityFigures(String since, long flowsCreated, long rateLimited, long otpsIssued, long failedOtpChecks,
            long failedLogins, long lockouts) {
    }

    /** Nothing pending, nothing missing, no breaking drift. */
    boolean complete() {
        return pending.isEmpty() && objects.stream().allMatch(ContractObject::present) && drift.breaking() == 0;
    }

    List<ContractObject> missing() {
        return objects.stream().filter(o -> !o.present()).toList();
    }

    static DatabaseStatus read(ConnectionSettings settings) {
        DataSource dataSource = settings.dataSource();
        SchemaStatus schema = SchemaStatus.read(dataSource);
        List<PendingMigration> pending = PendingMigrations.of(SchemaMigrator.of(dataSource, settings.engine())).stream()
                .map(DatabaseStatus::pending)
                .toList();
        Catalog expected = CatalogSnapshot.committed();
        Catalog actual = CatalogReader.read(dataSource);
        List<ContractObject> objects = objects(expected, actual);
        DriftVerdict drift = DriftVerdict.of(DriftCheck.compareWithCommittedSnapshot(settings.redactedUrl(), actual));
        List<String> presentTables = objects.stream().filter(o -> o.kind().equals("table") && o.present())
                .map(ContractObject::name).toList();
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : presentTables) {
                rows.put(table, count(connection, "SELECT count(*) FROM \"dbo\".\"" + table + "\"", null));
            }
            Optional<SecurityFigures> security = presentTables.containsAll(SecurityQueries.TABLES)
                    ? Optional.of(SecurityQueries.read(connection, settings.engine()))
                    : Optional.empty();
            return new DatabaseStatus(settings.redactedUrl(), settings.engine(), schema.schemaVersion(),
                    schema.appliedMigrations(), pending, objects, rows, drift, security);
        } catch (SQLException e) {
            throw new CliException(ExitCode.FAILED, "Cannot read " + settings.redactedUrl() + ": " + Connections.oneLine(e.getMessage()));
        }
    }

    private static PendingMigration pending(MigrationInfo m) {
        return new PendingMigration(m.isVersioned() ? m.getVersion().getVersion() : null, m.getDescription(), m.getScript());
    }

    private static List<ContractObject> objects(Catalog expected, Catalog actual) {
        List<ContractObject> objects = new ArrayList<>();
        for (Table table : expected.tables()) {
            objects.add(new ContractObject("table", table.name(), actual.table(table.name()).isPresent()));
        }
        for (Routine.Kind kind : List.of(Routine.Kind.FUNCTION, Routine.Kind.PROCEDURE)) {
            for (Routine routine : expected.routines()) {
                if (routine.kind() == kind) {
                    boolean present = actual.routine(routine.name()).filter(r -> r.kind() == kind).isPresent();
                    objects.add(new ContractObject(kind.name().toLowerCase(Locale.ROOT), routine.name(), present));
                }
            }
        }
        for (Table table : expected.tables()) {
            for (Trigger trigger : table.triggers()) {
                boolean present = actual.table(table.name()).flatMap(t -> t.trigger(trigger.name())).isPresent();
                objects.add(new ContractObject("trigger", table.name() + "." + trigger.name(), present));
            }
        }
        return objects;
    }

    private static long count(Connection connection, String sql, LocalDateTime since) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (since != null) {
                statement.setObject(1, since);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The security figures' queries; ANSI-quoted names, which both engines accept. */
    private static final class SecurityQueries {

        /** The contract's EventLog types of a refused flow or membership creation and of a lockout. */
        static final String RATE_LIMITED_EVENT = "rate_limited";
        static final String LOCKOUT_EVENT = "lockout";

        static final List<String> TABLES = List.of("VerificationFlows", "OtpRecords", "FailedOtpAttempts", "LoginAttempts", "EventLog");

        static SecurityFigures read(Connection connection, Engine engine) throws SQLException {
            LocalDateTime since;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(switch (engine) {
                        case POSTGRESQL -> "SELECT (now() AT TIME ZONE 'UTC') - interval '" + SECURITY_WINDOW.toHours() + " hours'";
                        case SQLSERVER -> "SELECT DATEADD(HOUR, -" + SECURITY_WINDOW.toHours() + ", SYSUTCDATETIME())";
                    })) {
                rs.next();
                since = rs.getObject(1, LocalDateTime.class);
            }
            String failed = engine == Engine.POSTGRESQL ? "false" : "0";
            return new SecurityFigures(
                    DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS).toInstant(ZoneOffset.UTC)),
                    count(connection, "SELECT count(*) FROM \"dbo\".\"VerificationFlows\" WHERE \"CreatedAt\" >= ?", since),
                    events(connection, RATE_LIMITED_EVENT, since),
                    count(connection, "SELECT count(*) FROM \"dbo\".\"OtpRecords\" WHERE \"CreatedAt\" >= ?", since),
                    count(connection, "SELECT count(*) FROM \"dbo\".\"FailedOtpAttempts\" WHERE \"CreatedAt\" >= ?", since),
                    count(connection, "SELECT count(*) FROM \"dbo\".\"LoginAttempts\" WHERE \"IsSuccess\" = " + failed
                            + " AND \"CreatedAt\" >= ?", since),
                    events(connection, LOCKOUT_EVENT, since));
        }

        private static long events(Connection connection, String eventType, LocalDateTime since) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) FROM \"dbo\".\"EventLog\" WHERE \"EventType\" = ? AND \"CreatedAt\" >= ?")) {
                statement.setString(1, eventType);
                statement.setObject(2, since);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    /** The report as text, for people. */
    String render() {
        StringBuilder out = new StringBuilder();
        out.append("EcliptixMemberships status of ").append(database).append(" (").append(engine).append(")\n");
        out.append("Schema version: ").append(schemaVersion).append(" (").append(appliedMigrations)
                .append(" migrations applied, ").append(pending.size()).append(" pending)\n");
        for (PendingMigration p : pending) {
            out.append("  pending: ").append(p.version() == null ? "repeatable" : "version " + p.version())
                    .append(" ").append(p.description()).append(" (").append(p.script()).append(")\n");
        }
        long present = objects.stream().filter(ContractObject::present).count();
        out.append("Contract objects: ").append(present).append(" of ").append(objects.size()).append(" present\n");
        TextTable byKind = new TextTable();
        for (String kind : List.of("table", "function", "procedure", "trigger")) {
            List<ContractObject> ofKind = objects.stream().filter(o -> o.kind().equals(kind)).toList();
            List<String> here = ofKind.stream().filter(ContractObject::present).map(ContractObject::name).toList();
            byKind.row(kind + "s", here.size() + " of " + ofKind.size() + ":", here.isEmpty() ? "-" : String.join(", ", here));
        }
        out.append(byKind.render("  "));
        for (ContractObject o : missing()) {
            out.append("  MISSING ").append(o.kind()).append(' ').append(o.name()).append('\n');
        }
        out.append("Drift from the committed snapshot: ").append(switch (drift.verdict()) {
            case "none" -> "none";
            case "compatible" -> drift.compatible() + " compatible difference(s); `drift` lists them";
            default -> drift.breaking() + " BREAKING and " + drift.compatible() + " compatible difference(s); `drift` lists them";
        }).append('\n');
        drift.notCompared().forEach(n -> out.append("  not compared: ").append(n.render()).append('\n'));
        out.append("Rows per table:\n");
        TextTable rows = new TextTable();
        rowCounts.forEach((table, count) -> rows.row(table, String.valueOf(count)));
        out.append(rows.isEmpty() ? "  (no contract table)\n" : rows.render("  "));
        if (security.isPresent()) {
            SecurityFigures s = security.get();
            out.append("Security, last ").append(SECURITY_WINDOW.toHours()).append(" hours (since ").append(s.since()).append("):\n");
            out.append(new TextTable()
                    .row("verification flows created", String.valueOf(s.flowsCreated()))
                    .row("rate-limited requests", String.valueOf(s.rateLimited()))
                    .row("OTPs issued", String.valueOf(s.otpsIssued()))
                    .row("failed OTP checks", String.valueOf(s.failedOtpChecks()))
                    .row("failed logins", String.valueOf(s.failedLogins()))
                    .row("lockouts", String.valueOf(s.lockouts()))
                    .render("  "));
        } else {
            out.append("Security, last ").append(SECURITY_WINDOW.toHours()).append(" hours: not available (tables missing)\n");
        }
        out.append("Status: ").append(complete() ? "complete" : "INCOMPLETE").append('\n');
        return out.toString();
    }

    /** The report as JSON, for scripts and monitoring. */
    String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("database", database);
        root.put("engine", engine.name());
        root.put("schemaVersion", schemaVersion);
        root.put("appliedMigrations", appliedMigrations);
        List<Object> pendingList = new ArrayList<>();
        for (PendingMigration p : pending) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", p.version());
            m.put("description", p.description());
            m.put("script", p.script());
            pendingList.add(m);
        }
        root.put("pendingMigrations", pendingList);
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (String kind : List.of("table", "function", "procedure", "trigger")) {
            List<Object> list = new ArrayList<>();
            for (ContractObject o : objects) {
                if (o.kind().equals(kind)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", o.name());
                    m.put("present", o.present());
                    list.add(m);
                }
            }
            byKind.put(kind + "s", list);
        }
        root.put("objects", byKind);
        root.put("missing", missing().stream().map(o -> (Object) (o.kind() + " " + o.name())).toList());
        root.put("rowCounts", new LinkedHashMap<String, Object>(rowCounts));
        Map<String, Object> driftMap = new LinkedHashMap<>();
        driftMap.put("verdict", drift.verdict());
        driftMap.put("breaking", drift.breaking());
        driftMap.put("compatible", drift.compatible());
        driftMap.put("notCompared", DriftCommand.notCompared(drift.notCompared()));
        root.put("drift", driftMap);
        root.put("securityLast24Hours", security.map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("since", s.since());
            m.put("flowsCreated", s.flowsCreated());
            m.put("rateLimited", s.rateLimited());
            m.put("otpsIssued", s.otpsIssued());
            m.put("failedOtpChecks", s.failedOtpChecks());
            m.put("failedLogins", s.failedLogins());
            m.put("lockouts", s.lockouts());
            return (Object) m;
        }).orElse(null));
        root.put("complete", complete());
        return Json.write(root);
    }
}
