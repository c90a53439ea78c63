package com.ecliptix.memberships.adoption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.login.LoginResult;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.adoption.AdoptionRefusedException;
import com.ecliptix.memberships.schema.adoption.AdoptionReport;
import com.ecliptix.memberships.schema.adoption.AdoptionResult;
import com.ecliptix.memberships.schema.adoption.AdoptionRule;
import com.ecliptix.memberships.schema.adoption.Conflict;
import com.ecliptix.memberships.schema.adoption.LegacyAdoption;
import com.ecliptix.memberships.schema.adoption.TableCounts;
import com.ecliptix.memberships.schema.catalog.DriftCheck;
import com.ecliptix.memberships.schema.catalog.DriftReport;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.LegacyFixture;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.testing.ThrowawayDatabaseExtension;
import com.ecliptix.memberships.verification.FlowState;
import com.ecliptix.memberships.verification.FlowStatus;
import com.ecliptix.memberships.verification.OtpStatus;
import com.ecliptix.memberships.verification.Purpose;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.CoreMigrationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adoption of the legacy database the original T-SQL scripts built ({@link LegacyFixture}): a dry run, then
 * the adoption, of one fixture database, and what each left behind. T-SQL only: the PostgreSQL run skips
 * every test with the reason, and so does the SQL Server run when no SQL Server can be had.
 *
 * <p>The expected counts follow from the fixture's rows (legacy-fixture.sql says which row is which case);
 * they are checked against the report and, independently, against the rows before and after.
 */
class LegacyAdoptionTest {

    private static final String PHONE_PLAIN = "+14155550101";
    private static final String PHONE_IN_THREE_ROWS = "+14155550102";
    private static final String PHONE_TWO_MEMBERSHIPS = "+14155550103";
    private static final String PHONE_LOCKED_OUT = "+14155550104";
    private static final String PHONE_LOCKOUT_ENDED = "+14155550105";
    private static final String PHONE_LOCKED_PAST_SUCCESS = "+14155550109";

    private static final byte[] FIXTURE_KEY = HexFormat.of().parseHex("0A0B0C0D0E0F1011121314151617181920");
    private static final byte[] NEWER_MEMBERSHIP_KEY = HexFormat.of().parseHex("0102030405060708");
    private static final UUID NEWER_MEMBERSHIP = UUID.fromString("B0000000-0000-0000-0000-000000000032");
    private static final UUID FLOW_TWO_ACTIVE_OTPS = UUID.fromString("F0000000-0000-0000-0000-000000000006");
    private static final UUID NEWER_ACTIVE_OTP = UUID.fromString("C0000000-0000-0000-0000-000000000062");
    private static final UUID OLDER_PENDING_FLOW = UUID.fromString("F0000000-0000-0000-0000-000000000022");

    /** Per table: rows, kept, changed, soft-deleted, as the fixture's cases add up (see the class doc). */
    private static final Map<String, TableCounts> EXPECTED = expected(
            new TableCounts("AppDevices", 49, 49, 0, 0),
            new TableCounts("PhoneNumbers", 53, 51, 0, 2),
            new TableCounts("PhoneNumberDevices", 51, 48, 2, 1),
            new TableCounts("VerificationFlows", 51, 47, 4, 0),
            new TableCounts("OtpRecords", 50, 46, 4, 0),
            new TableCounts("FailedOtpAttempts", 12, 11, 1, 0),
            new TableCounts("Memberships", 47, 42, 3, 2),
            new TableCounts("MembershipAttempts", 65, 53, 11, 1),
            new TableCounts("LoginAttempts", 62, 55, 7, 0),
            new TableCounts("EventLog", 2, 2, 0, 0));

    /** Conflicts per rule in the fixture; every rule has at least one. */
    private static final Map<AdoptionRule, Integer> EXPECTED_CONFLICTS = expectedConflicts();

    /** The columns a legacy table shares with the baseline's (UpdatedAt aside, which a changed row gets anew); the key first. */
    private static final Map<String, List<String>> SHARED_COLUMNS = sharedColumns();

    private static TestDatabase database;
    private static Map<String, Map<String, List<Object>>> legacyRows;
    private static Map<String, Map<String, List<Object>>> adoptedRows;
    private static Map<String, Long> countsBeforeDryRun;
    private static Map<String, Long> countsAfterDryRun;
    private static TreeSet<String> catalogBeforeDryRun;
    private static TreeSet<String> catalogAfterDryRun;
    private static AdoptionReport dryRun;
    private static AdoptionResult adopted;
    /**
     * The API over the owner's connections: what is under test is the adopted rows; the application role's
     * privileges are the roles tests' (and a T-SQL engine without ownership chaining, as Babelfish, cannot
     * give them).
     */
    private static EcliptixMemberships api;

    /** Why every test is skipped, when they are: each is reported skipped with it, as the suite does. */
    private static String skipped;

    @BeforeAll
    static void buildTheFixtureDryRunAndAdopt() throws SQLException {
        Optional<Engine> run = ThrowawayDatabaseExtension.requestedEngine();
        if (run.isPresent() && run.get() != Engine.SQLSERVER) {
            skipped = "skipped on " + run.get() + ": adoption converts the legacy SQL Server database (T-SQL only);"
                    + " the SQLSERVER run tests it";
            return;
        }
        Optional<DatabaseServer> server = DatabaseServers.find(Engine.SQLSERVER);
        if (server.isEmpty()) {
            skipped = "skipped: " + DatabaseServers.unavailableReason(Engine.SQLSERVER);
            return;
        }
        database = TestDatabase.empty(server.get());
        DataSource owner = database.ownerDataSource();
        LegacyFixture.build(owner, database.name());
        legacyRows = rows(owner);

        countsBeforeDryRun = counts(owner);
        catalogBeforeDryRun = catalog(owner);
        dryRun = LegacyAdoption.of(owner).dryRun();
        countsAfterDryRun = counts(owner);
        catalogAfterDryRun = catalog(owner);

        adopted = LegacyAdoption.of(owner).adopt();
        adoptedRows = rows(owner);
        api = EcliptixMemberships.builder().dataSource(owner).build();
    }

    @BeforeEach
    void skipWithTheReason() {
        if (skipped != null) {
            Assumptions.abort(skipped);
        }
    }

    @AfterAll
    static void dropTheDatabase() {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void theDryRunChangesNothing() {
        assertEquals(countsBeforeDryRun, countsAfterDryRun, "rows per table");
        assertEquals(catalogBeforeDryRun, catalogAfterDryRun, "objects, columns and their types");
        assertTrue(catalogBeforeDryRun.contains("object dbo.loginattempts U"), catalogBeforeDryRun.toString());
        assertTrue(catalogBeforeDryRun.stream().noneMatch(o -> o.contains("flyway_schema_history")), "no history after the dry run");
    }

    @Test
    void theDryRunReportsEveryTableAndEveryConflictWithItsRule() {
        assertEquals(List.copyOf(EXPECTED.values()), dryRun.tables(), dryRun.render());
        Map<AdoptionRule, Integer> perRule = new EnumMap<>(AdoptionRule.class);
        dryRun.conflicts().forEach(c -> perRule.merge(c.rule(), 1, Integer::sum));
        assertEquals(EXPECTED_CONFLICTS, perRule, dryRun.render());
        for (Conflict conflict : dryRun.conflicts()) {
            assertTrue(EXPECTED.containsKey(conflict.table()), conflict.toString());
            assertFalse(conflict.detail().isBlank(), conflict.toString());
        }
        String rendered = dryRun.render();
        for (AdoptionRule rule : AdoptionRule.values()) {
            assertTrue(rendered.contains(rule.code() + ": " + rule.statement()), rule + " stated in\n" + rendered);
        }
    }

    @Test
    void theAdoptionDidWhatTheDryRunSaid() {
        AdoptionReport conversion = adopted.conversion().orElseThrow();
        assertEquals(dryRun.tables(), conversion.tables());
        assertEquals(dryRun.conflicts(), conversion.conflicts());
    }

    /** Independently of the report: each legacy row, by its key, against the adopted row. */
    @Test
    void everyLegacyRowIsKeptChangedOrSoftDeleted() {
        for (TableCounts expected : EXPECTED.values()) {
            String table = expected.table();
            Map<String, List<Object>> before = legacyRows.get(table);
            Map<String, List<Object>> after = adoptedRows.get(table);
            assertEquals(expected.rows(), before.size(), table + " legacy rows");
            assertEquals(expected.rows(), after.size(), table + " adopted rows");
            int isDeleted = SHARED_COLUMNS.get(table).indexOf("IsDeleted");
            long kept = after.entrySet().stream().filter(row -> row.getValue().equals(before.get(row.getKey()))).count();
            long softDeleted = isDeleted < 0 ? 0 : after.entrySet().stream()
                    .filter(row -> Boolean.TRUE.equals(row.getValue().get(isDeleted)))
                    .filter(row -> before.containsKey(row.getKey()) && Boolean.FALSE.equals(before.get(row.getKey()).get(isDeleted)))
                    .count();
            assertEquals(expected, new TableCounts(table, after.size(), kept, after.size() - kept - softDeleted, softDeleted));
        }
    }

    /**
     * On Microsoft SQL Server the drift check must read the catalog; another T-SQL engine whose catalog it
     * cannot read skips this test, naming the engine (the next test compares the catalogs there).
     */
    @Test
    void driftFindsNoDifferenceFromTheCommittedSnapshot() {
        DriftReport drift;
        try {
            drift = DriftCheck.against(database.ownerDataSource()).compareWithCommittedSnapshot();
        } catch (IllegalStateException e) {
            String product = database.queryString("SELECT @@VERSION").strip().lines().findFirst().orElse("");
            if (product.startsWith("Microsoft SQL Server")) {
                throw e;
            }
            Assumptions.abort("The T-SQL engine \"" + product + "\" cannot answer the catalog reader's questions: " + e.getMessage());
            return;
        }
        assertFalse(drift.hasDrift(), drift.render());
    }

    /** The adopted database's objects, columns, indexes, keys and defaults are those a fresh migrate creates. */
    @Test
    void theCatalogIsTheOneAFreshMigrateBuilds() throws SQLException {
        try (TestDatabase fresh = TestDatabase.empty(DatabaseServers.locate(Engine.SQLSERVER))) {
            fresh.migrateToLatest();
            TreeSet<String> expected = comparableCatalog(fresh.ownerDataSource());
            TreeSet<String> actual = comparableCatalog(database.ownerDataSource());
            TreeSet<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            TreeSet<String> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            assertEquals(expected, actual, "missing after adoption: " + missing + "\nnot in a fresh database: " + extra);
        }
    }

    @Test
    void theHistoryRecordsTheBaselineAndTheMigrationsAfterIt() {
        MigrationInfo[] applied = SchemaMigrator.of(database.ownerDataSource(), Engine.SQLSERVER).flyway().info().applied();
        MigrationInfo baseline = applied[0].getType() == CoreMigrationType.SCHEMA ? applied[1] : applied[0];
        assertEquals(CoreMigrationType.BASELINE, baseline.getType());
        assertEquals(LegacyAdoption.BASELINE_VERSION, baseline.getVersion().getVersion());
        assertEquals(EcliptixMemberships.SCHEMA_VERSION, adopted.schemaVersion());
        assertEquals(EcliptixMemberships.SCHEMA_VERSION, database.schemaVersion());
        assertTrue(adopted.migrationsApplied() > 0);
    }

    @Test
    void theApiLogsInAnAdoptedMembership() {
        LoginResult plain = api.logins().login(PHONE_PLAIN);
        assertEquals(LoginOutcome.SUCCESS, plain.outcome(), plain.toString());
        assertArrayEquals(FIXTURE_KEY, plain.secureKey().orElseThrow());

        // Two live memberships: the newer stays, with its own key.
        LoginResult newer = api.logins().login(PHONE_TWO_MEMBERSHIPS);
        assertEquals(LoginOutcome.SUCCESS, newer.outcome(), newer.toString());
        assertEquals(NEWER_MEMBERSHIP, newer.membershipUniqueId().orElseThrow());
        assertArrayEquals(NEWER_MEMBERSHIP_KEY, newer.secureKey().orElseThrow());

        // Three live rows of one number: one phone, whose newest membership has no key yet.
        assertEquals(LoginOutcome.SECURE_KEY_NOT_SET, api.logins().login(PHONE_IN_THREE_ROWS).outcome());

        // A lockout that ended before the adoption does not lock.
        assertEquals(LoginOutcome.SUCCESS, api.logins().login(PHONE_LOCKOUT_ENDED).outcome());
    }

    @Test
    void theApiReadsAnAdoptedFlow() {
        FlowState flow = api.verification().flowState(FLOW_TWO_ACTIVE_OTPS).orElseThrow();
        assertEquals(FlowStatus.PENDING, flow.status());
        assertEquals(Purpose.REGISTRATION, flow.purpose());
        assertEquals(2, flow.otpCount());
        assertEquals(NEWER_ACTIVE_OTP, flow.activeOtp().orElseThrow().otpUniqueId());
        assertEquals(OtpStatus.PENDING, flow.activeOtp().orElseThrow().status());
        assertEquals("legacy-salt-62", flow.activeOtp().orElseThrow().salt());

        assertEquals(FlowStatus.EXPIRED, api.verification().flowState(OLDER_PENDING_FLOW).orElseThrow().status());
    }

    @Test
    void aPhoneLockedOutBeforeTheAdoptionIsStillLockedOut() {
        for (String phone : List.of(PHONE_LOCKED_OUT, PHONE_LOCKED_PAST_SUCCESS)) {
            LoginResult login = api.logins().login(phone);
            assertEquals(LoginOutcome.LOCKED_OUT, login.outcome(), phone + ": " + login);
            // The fixture's lockouts end 30 minutes after it was built.
            Duration left = login.lockedFor().orElseThrow();
            assertTrue(left.compareTo(Duration.ofMinutes(10)) > 0 && left.compareTo(Duration.ofMinutes(31)) <= 0, phone + ": " + left);
        }
    }

    @Test
    void aSecondAdoptionIsRefusedAndChangesNothing() {
        Map<String, Long> before = counts(database.ownerDataSource());
        AdoptionRefusedException again = assertThrows(AdoptionRefusedException.class,
                () -> LegacyAdoption.of(database.ownerDataSource()).adopt());
        assertTrue(again.getMessage().contains("Flyway history"), again.getMessage());
        assertEquals(1, again.getMessage().lines().count(), again.getMessage());
        assertThrows(AdoptionRefusedException.class, () -> LegacyAdoption.of(database.ownerDataSource()).dryRun());
        assertEquals(before, counts(database.ownerDataSource()));
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * The catalog as two databases of the same schema share it: {@link #catalog} without default constraints'
     * names (some T-SQL engines name them after internal ids), plus each index with its uniqueness and
     * columns, each foreign key with its delete action, each default by its column.
     */
    private static TreeSet<String> comparableCatalog(DataSource dataSource) throws SQLException {
        TreeSet<String> catalog = catalog(dataSource);
        catalog.removeIf(entry -> entry.startsWith("object ") && entry.endsWith(" D"));
        String indexes = "SELECT s.name, t.name, i.name, i.is_unique, i.is_primary_key, c.name, ic.key_ordinal FROM sys.indexes AS i"
                + " INNER JOIN sys.tables AS t ON t.object_id = i.object_id INNER JOIN sys.schemas AS s ON s.schema_id = t.schema_id"
                + " INNER JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
                + " INNER JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id";
        String foreignKeys = "SELECT s.name, f.name, f.delete_referential_action FROM sys.foreign_keys AS f"
                + " INNER JOIN sys.schemas AS s ON s.schema_id = f.schema_id";
        String defaults = "SELECT s.name, t.name, c.name, d.definition FROM sys.default_constraints AS d"
                + " INNER JOIN sys.tables AS t ON t.object_id = d.parent_object_id INNER JOIN sys.schemas AS s ON s.schema_id = t.schema_id"
                + " INNER JOIN sys.columns AS c ON c.object_id = d.parent_object_id AND c.column_id = d.parent_column_id";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement s = connection.prepareStatement(indexes); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    catalog.add(("index " + rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3)).toLowerCase(Locale.ROOT)
                            + (rs.getBoolean(4) ? " unique" : "") + (rs.getBoolean(5) ? " primary" : "")
                            + " " + rs.getInt(7) + ":" + rs.getString(6).toLowerCase(Locale.ROOT));
                }
            }
            try (PreparedStatement s = connection.prepareStatement(foreignKeys); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    catalog.add(("foreign key " + rs.getString(1) + "." + rs.getString(2)).toLowerCase(Locale.ROOT) + " on delete " + rs.getInt(3));
                }
            }
            try (PreparedStatement s = connection.prepareStatement(defaults); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    catalog.add(("default " + rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3)).toLowerCase(Locale.ROOT)
                            + " " + rs.getString(4));
                }
            }
        }
        return catalog;
    }

    private static Map<String, TableCounts> expected(TableCounts... tables) {
        Map<String, TableCounts> byName = new LinkedHashMap<>();
        for (TableCounts table : tables) {
            byName.put(table.table(), table);
        }
        return byName;
    }

    private static Map<AdoptionRule, Integer> expectedConflicts() {
        Map<AdoptionRule, Integer> conflicts = new EnumMap<>(AdoptionRule.class);
        // 2 phone rows, 2 device links, 2 flows, 1 OTP, 1 membership and 2 membership attempts of +14155550102.
        conflicts.put(AdoptionRule.PHONE_DUPLICATE, 10);
        // Flow 032 Status and Purpose, flow 061 Status, OTPs 032 and 062, membership 023 Status, membership 032
        // Status and CreationStatus.
        conflicts.put(AdoptionRule.CODE_CASE, 8);
        conflicts.put(AdoptionRule.PENDING_FLOW_DUPLICATE, 1);
        conflicts.put(AdoptionRule.OTP_ACTIVE_DUPLICATE, 1);
        conflicts.put(AdoptionRule.PRIMARY_DEVICE_DUPLICATE, 1);
        conflicts.put(AdoptionRule.MEMBERSHIP_DUPLICATE, 2);
        conflicts.put(AdoptionRule.CREATION_STATUS_MISSING, 2);
        conflicts.put(AdoptionRule.ATTEMPT_TIME, 2);
        conflicts.put(AdoptionRule.LOCKOUT_MARKER, 3);
        conflicts.put(AdoptionRule.LOCKOUT_MARKER_UNREADABLE, 1);
        conflicts.put(AdoptionRule.LOCKOUT_KEPT_PAST_SUCCESS, 1);
        conflicts.put(AdoptionRule.LOGIN_WAIT_MINUTES, 1);
        conflicts.put(AdoptionRule.MEMBERSHIP_WAIT_MINUTES, 8);
        conflicts.put(AdoptionRule.MEMBERSHIP_SUCCESS_NOT_RESET, 1);
        conflicts.put(AdoptionRule.RATE_LIMIT_HELD_BY_REFUSALS, 6);
        conflicts.put(AdoptionRule.OUTCOME_TOO_LONG, 2);
        return conflicts;
    }

    private static Map<String, List<String>> sharedColumns() {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        columns.put("AppDevices", List.of("Id", "AppInstanceId", "DeviceId", "DeviceType", "IsDeleted", "UniqueId", "CreatedAt"));
        columns.put("PhoneNumbers", List.of("Id", "PhoneNumber", "Region", "IsDeleted", "UniqueId", "CreatedAt"));
        columns.put("PhoneNumberDevices", List.of("PhoneNumberId", "AppDeviceId", "IsPrimary", "IsDeleted", "CreatedAt"));
        columns.put("VerificationFlows", List.of("Id", "PhoneNumberId", "AppDeviceId", "Status", "Purpose", "ExpiresAt", "OtpCount",
                "ConnectionId", "IsDeleted", "UniqueId", "CreatedAt"));
        columns.put("OtpRecords", List.of("Id", "FlowUniqueId", "PhoneNumberId", "OtpHash", "OtpSalt", "ExpiresAt", "Status",
                "IsActive", "IsDeleted", "UniqueId", "CreatedAt"));
        columns.put("FailedOtpAttempts", List.of("Id", "OtpUniqueId", "FlowUniqueId", "IsDeleted", "CreatedAt"));
        columns.put("Memberships", List.of("Id", "PhoneNumberId", "AppDeviceId", "VerificationFlowId", "SecureKey", "Status",
                "CreationStatus", "IsDeleted", "UniqueId", "CreatedAt"));
        columns.put("MembershipAttempts", List.of("Id", "PhoneNumberId", "Outcome", "IsSuccess", "IsDeleted", "CreatedAt"));
        columns.put("LoginAttempts", List.of("Id", "PhoneNumber", "Outcome", "IsSuccess", "CreatedAt"));
        columns.put("EventLog", List.of("Id", "EventType", "Message", "CreatedAt"));
        return columns;
    }

    /** Every row of the ten tables, by key (its Id, or phone and device for device links), as the shared columns' values. */
    private static Map<String, Map<String, List<Object>>> rows(DataSource dataSource) throws SQLException {
        Map<String, Map<String, List<Object>>> tables = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (Map.Entry<String, List<String>> table : SHARED_COLUMNS.entrySet()) {
                List<String> columns = table.getValue();
                String sql = "SELECT " + String.join(", ", columns) + " FROM dbo." + table.getKey();
                Map<String, List<Object>> rows = new LinkedHashMap<>();
                try (PreparedStatement s = connection.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        List<Object> values = new ArrayList<>();
                        for (int i = 1; i <= columns.size(); i++) {
                            Object value = rs.getObject(i);
                            values.add(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value);
                        }
                        String key = table.getKey().equals("PhoneNumberDevices")
                                ? values.get(0) + "/" + values.get(1) : String.valueOf(values.get(0));
                        rows.put(key, values);
                    }
                }
                tables.put(table.getKey(), rows);
            }
        }
        return tables;
    }

    private static Map<String, Long> counts(DataSource dataSource) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (String table : SHARED_COLUMNS.keySet()) {
                try (PreparedStatement s = connection.prepareStatement("SELECT COUNT(*) FROM dbo." + table);
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** The database's user objects with their kinds, and every column of its tables with type, width and nullability. */
    private static TreeSet<String> catalog(DataSource dataSource) throws SQLException {
        TreeSet<String> catalog = new TreeSet<>();
        String objects = "SELECT s.name, o.name, o.type FROM sys.objects AS o INNER JOIN sys.schemas AS s ON s.schema_id = o.schema_id"
                + " WHERE o.is_ms_shipped = 0";
        String columns = "SELECT s.name, t.name, c.name, c.system_type_id, c.max_length, c.is_nullable FROM sys.tables AS t"
                + " INNER JOIN sys.schemas AS s ON s.schema_id = t.schema_id INNER JOIN sys.columns AS c ON c.object_id = t.object_id";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement s = connection.prepareStatement(objects); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    catalog.add(("object " + rs.getString(1) + "." + rs.getString(2)).toLowerCase(Locale.ROOT)
                            + " " + rs.getString(3).strip());
                }
            }
            try (PreparedStatement s = connection.prepareStatement(columns); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    catalog.add(("column " + rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3)).toLowerCase(Locale.ROOT)
                            + " " + rs.getInt(4) + "/" + rs.getInt(5) + (rs.getBoolean(6) ? " null" : " not null"));
                }
            }
        }
        return catalog;
    }

    @Test
    void theFixtureExercisesEveryRule() {
        assertEquals(new TreeSet<>(List.of(AdoptionRule.values())), new TreeSet<>(EXPECTED_CONFLICTS.keySet()));
        assertTrue(EXPECTED_CONFLICTS.values().stream().allMatch(n -> n > 0));
        assertEquals(EXPECTED.values().stream().mapToLong(TableCounts::rows).sum(), dryRun.rows());
        assertTrue(Objects.requireNonNull(dryRun.found()).contains("legacy"), dryRun.found());
        assertEquals(EXPECTED_CONFLICTS.values().stream().mapToInt(Integer::intValue).sum(), dryRun.conflicts().size(),
                dryRun.conflicts().stream().map(Conflict::toString).collect(Collectors.joining("\n")));
    }
}
