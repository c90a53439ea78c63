package com.ecliptix.memberships.schema.adoption;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Recognises, by its catalog, a database that adoption converts: the legacy schema the original scripts
 * built (exactly its ten tables with their columns, only routines and triggers of theirs, nothing else),
 * or one that an adoption converted but did not get to record in Flyway's history (the baseline's
 * tables, nothing else, {@code Schema.Version} 1, no history). Anything else is refused in one line that
 * says what was found. Names compare case-insensitively, as the legacy database's collation did (and as
 * some T-SQL engines report them folded).
 */
final class LegacyCatalog {

    enum State {
        /** The legacy schema: convert, record the baseline, migrate. */
        LEGACY,
        /** Converted to the baseline by an adoption whose recording did not happen: record it, migrate. */
        BASELINE_NOT_RECORDED
    }

    record Recognition(State state, String description) {
    }

    /** The legacy tables and their columns, lower-case. */
    static final Map<String, Set<String>> LEGACY_TABLES = legacyTables();

    /** The sixteen routines of the legacy scripts (a database may lack some). */
    static final Set<String> LEGACY_ROUTINES = lowerCase(Set.of("GetPhoneNumber", "GetFullFlowState",
            "RegisterAppDeviceIfNotExists", "EnsurePhoneNumber", "VerifyPhoneForSecretKeyRecovery",
            "InitiateVerificationFlow", "RequestResendOtp", "InsertOtpRecord", "UpdateOtpStatus",
            "UpdateVerificationFlowStatus", "ExpireAssociatedOtp", "LogLoginAttempt", "LogMembershipAttempt",
            "CreateMembership", "UpdateMembershipSecureKey", "LoginMembership"));

    /** The nine UpdatedAt triggers of the legacy scripts. */
    static final Set<String> LEGACY_TRIGGERS = LEGACY_TABLES.keySet().stream().filter(t -> !t.equals("eventlog"))
            .map(t -> "trg_" + t + "_update").collect(Collectors.toCollection(TreeSet::new));

    /** The tables of the baseline (V1__baseline.sql), lower-case. */
    static final Set<String> BASELINE_TABLES = new TreeSet<>(lowerCase(Set.of("AppDevices", "PhoneNumbers",
            "PhoneNumberDevices", "SystemConfiguration", "EventLog", "VerificationFlows", "OtpRecords",
            "FailedOtpAttempts", "Memberships", "MembershipAttempts", "LoginAttempts")));

    private LegacyCatalog() {
    }

    private static Map<String, Set<String>> legacyTables() {
        Map<String, Set<String>> tables = new TreeMap<>();
        tables.put("appdevices", columns("Id AppInstanceId DeviceId DeviceType CreatedAt UpdatedAt IsDeleted UniqueId"));
        tables.put("phonenumbers", columns("Id PhoneNumber Region CreatedAt UpdatedAt IsDeleted UniqueId"));
        tables.put("phonenumberdevices", columns("PhoneNumberId AppDeviceId IsPrimary CreatedAt UpdatedAt IsDeleted"));
        tables.put("verificationflows", columns("Id PhoneNumberId AppDeviceId Status Purpose ExpiresAt OtpCount"
                + " ConnectionId CreatedAt UpdatedAt IsDeleted UniqueId"));
        tables.put("otprecords", columns("Id FlowUniqueId PhoneNumberId OtpHash OtpSalt ExpiresAt Status IsActive"
                + " CreatedAt UpdatedAt IsDeleted UniqueId"));
        tables.put("failedotpattempts", columns("Id OtpUniqueId FlowUniqueId AttemptTime CreatedAt UpdatedAt IsDeleted"));
        tables.put("memberships", columns("Id PhoneNumberId AppDeviceId VerificationFlowId SecureKey Status"
                + " CreationStatus CreatedAt UpdatedAt IsDeleted UniqueId"));
        tables.put("loginattempts", columns("Id Timestamp PhoneNumber Outcome IsSuccess CreatedAt UpdatedAt"));
        tables.put("membershipattempts", columns("Id PhoneNumberId Timestamp Outcome IsSuccess CreatedAt UpdatedAt IsDeleted"));
        tables.put("eventlog", columns("Id EventType Message CreatedAt"));
        return Map.copyOf(tables);
    }

    private static Set<String> columns(String names) {
        return lowerCase(Set.of(names.split(" ")));
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** What the catalog holds, or the refusal that says what it holds instead. */
    static Recognition recognise(Connection connection) throws SQLException {
        UserObjects found = UserObjects.read(connection);
        if (!found.histories.isEmpty()) {
            throw new AdoptionRefusedException("Not adopted: the database has a Flyway history (" + String.join(", ", found.histories)
                    + "): it is managed by these migrations already; migrate applies what is pending.");
        }
        if (found.tables.isEmpty() && found.routines.isEmpty() && found.outside.isEmpty()) {
            throw new AdoptionRefusedException("Not adopted: dbo holds no tables, there is nothing to adopt; migrate builds a new database.");
        }
        boolean nothingElse = found.others.isEmpty();
        if (found.tables.keySet().equals(LEGACY_TABLES.keySet()) && nothingElse && found.outside.isEmpty()
                && LEGACY_ROUTINES.containsAll(found.routines) && LEGACY_TRIGGERS.containsAll(found.triggers)) {
            List<String> columnDifferences = columnDifferences(found.tables);
            if (columnDifferences.isEmpty()) {
                return new Recognition(State.LEGACY, "the legacy EcliptixMemberships schema: its 10 tables, "
                        + found.routines.size() + " of its 16 routines and " + found.triggers.size() + " of its 9 triggers");
            }
            throw new AdoptionRefusedException("Not adopted: dbo has the 10 legacy tables but not their columns ("
                    + String.join("; ", columnDifferences) + "), so it is not the schema the original scripts built.");
        }
        if (found.tables.keySet().equals(BASELINE_TABLES) && nothingElse && found.routines.isEmpty() && found.triggers.isEmpty()
                && found.outside.equals(Set.of()) && found.internalSchema && "1".equals(schemaVersion(connection))) {
            return new Recognition(State.BASELINE_NOT_RECORDED, "the baseline's tables at schema version 1 without a Flyway"
                    + " history: an adoption converted this database and did not record it");
        }
        throw new AdoptionRefusedException("Not adopted: not the legacy EcliptixMemberships schema: " + found.describe() + ".");
    }

    private static List<String> columnDifferences(Map<String, Set<String>> tables) {
        List<String> differences = new ArrayList<>();
        LEGACY_TABLES.forEach((table, expected) -> {
            Set<String> actual = tables.get(table);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            Set<String> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            if (!missing.isEmpty() || !extra.isEmpty()) {
                differences.add(table + (missing.isEmpty() ? "" : " lacks " + String.join(", ", missing))
                        + (extra.isEmpty() ? "" : (missing.isEmpty() ? "" : ",") + " has " + String.join(", ", extra)));
            }
        });
        return differences;
    }

    private static String schemaVersion(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT ConfigValue FROM dbo.SystemConfiguration WHERE ConfigKey = N'Schema.Version'");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The user objects of the database, sorted into what recognition looks at. */
    private static final class UserObjects {
        /** dbo's tables with their columns. */
        final Map<String, Set<String>> tables = new TreeMap<>();
        final Set<String> routines = new TreeSet<>();
        final Set<String> triggers = new TreeSet<>();
        /** dbo's views, sequences, synonyms, types and the like, as "kind name". */
        final Set<String> others = new TreeSet<>();
        /** Objects outside dbo, as "schema.name". */
        final Set<String> outside = new TreeSet<>();
        /** Flyway history tables anywhere, as "schema.name". */
        final Set<String> histories = new TreeSet<>();
        boolean internalSchema;

        static UserObjects read(Connection connection) throws SQLException {
            UserObjects found = new UserObjects();
            String objects = "SELECT s.name, o.name, o.type FROM sys.objects AS o"
                    + " INNER JOIN sys.schemas AS s ON s.schema_id = o.schema_id WHERE o.is_ms_shipped = 0";
            try (PreparedStatement s = connection.prepareStatement(objects); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2).toLowerCase(Locale.ROOT),
                            rs.getString(3).strip().toUpperCase(Locale.ROOT));
                }
            }
            // Babelfish lists the sequence behind each IDENTITY column as an object of its own,
            // <table>_<column>_seq; SQL Server has none. They go with their tables.
            found.others.removeIf(other -> found.tables.keySet().stream()
                    .anyMatch(table -> other.equals("object " + table + "_id_seq (type SO)")));
            String columns = "SELECT t.name, c.name FROM sys.tables AS t INNER JOIN sys.columns AS c ON c.object_id = t.object_id"
                    + " WHERE t.schema_id = SCHEMA_ID(N'dbo')";
            try (PreparedStatement s = connection.prepareStatement(columns); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Set<String> table = found.tables.get(rs.getString(1).toLowerCase(Locale.ROOT));
                    if (table != null) {
                        table.add(rs.getString(2).toLowerCase(Locale.ROOT));
                    }
                }
            }
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT COUNT(*) FROM sys.schemas WHERE name = N'ecliptix_internal'"); ResultSet rs = s.executeQuery()) {
                rs.next();
                found.internalSchema = rs.getInt(1) > 0;
            }
            return found;
        }

        private void add(String schema, String name, String type) {
            if (type.equals("U") && name.equals("flyway_schema_history")) {
                histories.add(schema + "." + name);
                return;
            }
            switch (type) {
                // Keys, checks and defaults belong to their table.
                case "PK", "UQ", "F", "C", "D" -> {
                    return;
                }
                default -> {
                }
            }
            if (!schema.equals("dbo")) {
                outside.add(schema + "." + name);
                return;
            }
            switch (type) {
                case "U" -> tables.put(name, new TreeSet<>());
                case "P", "PC", "FN", "IF", "TF", "FS", "FT" -> routines.add(name);
                case "TR" -> triggers.add(name);
                case "V" -> others.add("view " + name);
                default -> others.add("object " + name + " (type " + type + ")");
            }
        }

        /** One line: dbo's tables, and whatever else there is. */
        String describe() {
            StringBuilder line = new StringBuilder("dbo has ").append(tables.size()).append(" table(s)");
            if (!tables.isEmpty()) {
                line.append(" (").append(String.join(", ", tables.keySet())).append(')');
            }
            Set<String> otherRoutines = new TreeSet<>(routines);
            otherRoutines.removeAll(LEGACY_ROUTINES);
            if (!otherRoutines.isEmpty()) {
                line.append(", routines the legacy scripts did not create (").append(String.join(", ", otherRoutines)).append(')');
            }
            Set<String> otherTriggers = new TreeSet<>(triggers);
            otherTriggers.removeAll(LEGACY_TRIGGERS);
            if (!otherTriggers.isEmpty()) {
                line.append(", triggers the legacy scripts did not create (").append(String.join(", ", otherTriggers)).append(')');
            }
            if (!others.isEmpty()) {
                line.append(", ").append(String.join(", ", others));
            }
            if (!outside.isEmpty()) {
                line.append("; outside dbo: ").append(String.join(", ", outside));
            }
            Set<String> missing = new TreeSet<>(LEGACY_TABLES.keySet());
            missing.removeAll(tables.keySet());
            if (!missing.isEmpty() && missing.size() < LEGACY_TABLES.size()) {
                line.append("; of the legacy tables it lacks ").append(String.join(", ", missing));
            }
            return line.toString();
        }
    }
}
