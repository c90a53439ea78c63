package com.ecliptix.memberships.schema.throwaway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Months of other people's history in a throwaway PostgreSQL database, written set-based, for the scale test
 * and the benchmarks: phone numbers, devices, verification flows, login attempts and membership attempts
 * with creation times spread over the past 30 days. One loader, so a test and a benchmark that speak of "a
 * million rows" mean the same rows.
 *
 * <p>The loaded numbers are {@code +447} and 9 digits ({@link #number}), numbered from 1; a caller's own
 * subjects use other prefixes and never collide with them. The phones are written in one statement, so their
 * identity values are consecutive and a row can address its phone by {@code Id} arithmetic.
 */
public final class BulkHistory {

    private final DataSource dataSource;
    private final int phones;
    /** The Id range of the devices written here: a device written by the caller, before or after, owns no history. */
    private final long firstDevice;
    private final long lastDevice;

    private BulkHistory(DataSource dataSource, int phones, long firstDevice, long lastDevice) {
        this.dataSource = dataSource;
        this.phones = phones;
        this.firstDevice = firstDevice;
        this.lastDevice = lastDevice;
    }

    /** Writes {@code phones} phone numbers and {@code devices} devices, to which every later row belongs. */
    public static BulkHistory phonesAndDevices(DataSource dataSource, int phones, int devices) throws SQLException {
        execute(dataSource,
                "INSERT INTO dbo.\"PhoneNumbers\" (\"PhoneNumber\", \"Region\")"
                        + " SELECT " + number("g") + ", 'GB' FROM generate_series(1, " + phones + ") AS g",
                "INSERT INTO dbo.\"AppDevices\" (\"AppInstanceId\", \"DeviceId\")"
                        + " SELECT gen_random_uuid(), gen_random_uuid() FROM generate_series(1, " + devices + ")");
        long lastDevice;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(\"Id\") FROM dbo.\"AppDevices\"")) {
            rs.next();
            lastDevice = rs.getLong(1);
        }
        return new BulkHistory(dataSource, phones, lastDevice - devices + 1, lastDevice);
    }

    /** The loaded phone number of the SQL integer expression {@code n} (1 to the phone count). */
    public static String number(String n) {
        return "'+447' || lpad((" + n + ")::text, 9, '0')";
    }

    /**
     * Rows {@code from..to} of login attempts and verification flows, spread over the phones and devices.
     * Flows are finished (expired, failed, or verified and past their expiry), so none holds the
     * one-pending-flow rule; about 70 % of logins succeed and 1 % of rows started a lockout. Called again with
     * the next range, it grows the same history.
     */
    public BulkHistory attempts(int from, int to) throws SQLException {
        String rows = rows(from, to);
        execute(dataSource,
                "WITH d AS (SELECT array_agg(\"UniqueId\" ORDER BY \"Id\") AS ids FROM dbo.\"AppDevices\""
                        + " WHERE \"Id\" BETWEEN " + firstDevice + " AND " + lastDevice + "),"
                        + " p AS (SELECT min(\"Id\") AS first FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" LIKE '+447%')"
                        + " INSERT INTO dbo.\"VerificationFlows\" (\"PhoneNumberId\", \"AppDeviceId\", \"Status\", \"Purpose\", \"ExpiresAt\","
                        + " \"OtpCount\", \"CreatedAt\", \"UpdatedAt\")"
                        + " SELECT p.first + s.g % " + phones + ", d.ids[1 + s.g % cardinality(d.ids)],"
                        + " (ARRAY['expired', 'failed', 'verified', 'expired'])[1 + s.g % 4],"
                        + " (ARRAY['registration', 'login', 'password_recovery', 'update_phone', 'unspecified'])[1 + (s.g / 7) % 5],"
                        + " s.created + interval '5 minutes', s.g % 6, s.created, s.created"
                        + " FROM " + rows + ", d, p",
                "INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\", \"IsSuccess\", \"LockedUntil\", \"CreatedAt\", \"UpdatedAt\")"
                        + " SELECT " + number("1 + s.g % " + phones) + ","
                        + " CASE WHEN s.g % 10 < 7 THEN 'success' WHEN s.g % 10 < 9 THEN 'inactive_membership' ELSE 'locked_out' END,"
                        + " s.g % 10 < 7, CASE WHEN s.g % 100 = 7 THEN s.created + interval '5 minutes' END, s.created, s.created"
                        + " FROM " + rows);
        return this;
    }

    /** Rows {@code from..to} of membership attempts over the phones, one in five a creation. */
    public BulkHistory membershipAttempts(int from, int to) throws SQLException {
        execute(dataSource,
                "WITH p AS (SELECT min(\"Id\") AS first FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" LIKE '+447%')"
                        + " INSERT INTO dbo.\"MembershipAttempts\" (\"PhoneNumberId\", \"Outcome\", \"IsSuccess\", \"CreatedAt\", \"UpdatedAt\")"
                        + " SELECT ph.\"UniqueId\", CASE WHEN s.g % 5 = 0 THEN 'created' ELSE 'flow_not_verified' END, s.g % 5 = 0,"
                        + " s.created, s.created"
                        + " FROM " + rows(from, to)
                        + " CROSS JOIN p JOIN dbo.\"PhoneNumbers\" AS ph ON ph.\"Id\" = p.first + s.g % " + phones);
        return this;
    }

    /**
     * VACUUM (ANALYZE) of every table of the history and of {@code more}: fresh statistics for the planner,
     * and no autovacuum starting on the new rows while calls are timed.
     */
    public void vacuumAnalyze(String... more) throws SQLException {
        String[] tables = {"PhoneNumbers", "AppDevices", "VerificationFlows", "LoginAttempts", "MembershipAttempts"};
        String[] statements = new String[tables.length + more.length];
        for (int i = 0; i < statements.length; i++) {
            statements[i] = "VACUUM (ANALYZE) dbo.\"" + (i < tables.length ? tables[i] : more[i - tables.length]) + "\"";
        }
        execute(dataSource, statements);
    }

    private static String rows(int from, int to) {
        return "(SELECT g, ecliptix_internal.utc_now() - random() * interval '30 days' AS created"
                + " FROM generate_series(" + from + ", " + to + ") AS g) AS s";
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
