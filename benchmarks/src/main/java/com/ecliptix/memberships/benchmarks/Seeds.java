package com.ecliptix.memberships.benchmarks;

import com.ecliptix.memberships.schema.throwaway.BulkHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The data of the limit-check scenarios, written with set-based SQL (setup, never measured). One subject:
 * a phone with no membership that has been hammered ({@code own} rows of LoginAttempts and
 * MembershipAttempts in the last 24 hours: mostly locked_out / rate_limited, some failures, a lockout every
 * 1,000 rows, none running), its device's ended login flows over 30 days, a live registration flow, and a
 * pending password-recovery flow with an active OTP and {@code own} failed checks. Other subjects fill each
 * table with {@code othersCount} rows over 30 days ({@link BulkHistory}, as the scale test loads them).
 */
final class Seeds {

    static final String PHONE = "+15550000001";
    static final UUID DEVICE = UUID.fromString("00000000-0000-4000-8000-00000000d001");

    record Subject(String phoneNumber, UUID phoneUniqueId, UUID device, UUID registrationFlow, UUID otpFlow) {
    }

    private Seeds() {
    }

    static void load(DataSource dataSource, int own, int othersCount) throws SQLException {
        String ownRows = "(SELECT g, ecliptix_internal.utc_now() - interval '10 minutes' - random() * interval '23 hours' AS created"
                + " FROM generate_series(1, " + own + ") AS g) AS s";
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO dbo.\"AppDevices\" (\"AppInstanceId\", \"DeviceId\") VALUES (gen_random_uuid(), '" + DEVICE + "')");
            st.execute("INSERT INTO dbo.\"PhoneNumbers\" (\"PhoneNumber\", \"Region\") VALUES ('" + PHONE + "', 'US')");
            String subjectPhoneId = "(SELECT \"Id\" FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" = '" + PHONE + "')";
            String subjectPhoneUid = "(SELECT \"UniqueId\" FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" = '" + PHONE + "')";
            String subjectDevice = "(SELECT \"UniqueId\" FROM dbo.\"AppDevices\" WHERE \"DeviceId\" = '" + DEVICE + "')";

            // The subject's own history.
            st.execute("INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\", \"IsSuccess\", \"LockedUntil\", \"CreatedAt\", \"UpdatedAt\")"
                    + " SELECT '" + PHONE + "', CASE WHEN s.g % 100 < 97 THEN 'locked_out' ELSE 'phone_number_not_found' END, false,"
                    + " CASE WHEN s.g % 1000 = 500 THEN s.created + interval '5 minutes' END, s.created, s.created FROM " + ownRows);
            st.execute("INSERT INTO dbo.\"MembershipAttempts\" (\"PhoneNumberId\", \"Outcome\", \"IsSuccess\", \"CreatedAt\", \"UpdatedAt\")"
                    + " SELECT " + subjectPhoneUid + ", CASE WHEN s.g % 100 < 95 THEN 'rate_limited' ELSE 'verification_flow_not_found' END,"
                    + " false, s.created, s.created FROM " + ownRows);
            st.execute("INSERT INTO dbo.\"VerificationFlows\" (\"PhoneNumberId\", \"AppDeviceId\", \"Status\", \"Purpose\", \"ExpiresAt\","
                    + " \"OtpCount\", \"CreatedAt\", \"UpdatedAt\")"
                    + " SELECT " + subjectPhoneId + ", " + subjectDevice + ", (ARRAY['expired', 'failed', 'verified'])[1 + c.g % 3], 'login',"
                    + " c.created + interval '5 minutes', 1, c.created, c.created"
                    + " FROM (SELECT g, ecliptix_internal.utc_now() - interval '1 hour' - random() * interval '30 days' AS created"
                    + " FROM generate_series(1, " + own + ") AS g) AS c");
            st.execute("INSERT INTO dbo.\"VerificationFlows\" (\"PhoneNumberId\", \"AppDeviceId\", \"Status\", \"Purpose\", \"ExpiresAt\", \"OtpCount\")"
                    + " VALUES (" + subjectPhoneId + ", " + subjectDevice + ", 'pending', 'registration', ecliptix_internal.utc_now() + interval '30 days', 1),"
                    + " (" + subjectPhoneId + ", " + subjectDevice + ", 'pending', 'password_recovery', ecliptix_internal.utc_now() + interval '30 days', 1)");
            st.execute("INSERT INTO dbo.\"OtpRecords\" (\"FlowUniqueId\", \"PhoneNumberId\", \"OtpHash\", \"OtpSalt\", \"ExpiresAt\")"
                    + " SELECT f.\"UniqueId\", f.\"PhoneNumberId\", 'right-hash', 'salt', ecliptix_internal.utc_now() + interval '30 days'"
                    + " FROM dbo.\"VerificationFlows\" AS f WHERE f.\"Purpose\" = 'password_recovery' AND f.\"Status\" = 'pending'");
            st.execute("INSERT INTO dbo.\"FailedOtpAttempts\" (\"OtpUniqueId\", \"FlowUniqueId\")"
                    + " SELECT o.\"UniqueId\", o.\"FlowUniqueId\" FROM dbo.\"OtpRecords\" AS o, generate_series(1, " + own + ")");
        }

        // Everyone else: the scale test's history, plus failed OTP checks on some of its failed flows.
        BulkHistory others = BulkHistory.phonesAndDevices(dataSource, Math.max(1_000, othersCount / 10), 100)
                .attempts(1, othersCount).membershipAttempts(1, othersCount);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO dbo.\"OtpRecords\" (\"FlowUniqueId\", \"PhoneNumberId\", \"OtpHash\", \"OtpSalt\", \"ExpiresAt\", \"Status\", \"IsActive\")"
                    + " SELECT f.\"UniqueId\", f.\"PhoneNumberId\", 'h', 's', f.\"ExpiresAt\", 'failed', false"
                    + " FROM dbo.\"VerificationFlows\" AS f WHERE f.\"Status\" = 'failed' LIMIT 1000");
            st.execute("INSERT INTO dbo.\"FailedOtpAttempts\" (\"OtpUniqueId\", \"FlowUniqueId\", \"CreatedAt\", \"UpdatedAt\")"
                    + " SELECT o.\"UniqueId\", o.\"FlowUniqueId\", o.\"CreatedAt\", o.\"CreatedAt\""
                    + " FROM (SELECT \"UniqueId\", \"FlowUniqueId\", \"CreatedAt\", row_number() OVER () AS n FROM dbo.\"OtpRecords\""
                    + " WHERE \"OtpHash\" = 'h') AS o JOIN generate_series(1, " + othersCount + ") AS g ON g % 1000 = o.n - 1");
        }
        others.vacuumAnalyze("OtpRecords", "FailedOtpAttempts");
    }

    static Subject subject(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT p.\"UniqueId\", d.\"UniqueId\","
                        + " (SELECT f.\"UniqueId\" FROM dbo.\"VerificationFlows\" AS f WHERE f.\"PhoneNumberId\" = p.\"Id\""
                        + "  AND f.\"Status\" = 'pending' AND f.\"Purpose\" = 'registration'),"
                        + " (SELECT f.\"UniqueId\" FROM dbo.\"VerificationFlows\" AS f WHERE f.\"PhoneNumberId\" = p.\"Id\""
                        + "  AND f.\"Status\" = 'pending' AND f.\"Purpose\" = 'password_recovery')"
                        + " FROM dbo.\"PhoneNumbers\" AS p, dbo.\"AppDevices\" AS d WHERE p.\"PhoneNumber\" = ? AND d.\"DeviceId\" = ?")) {
            s.setString(1, PHONE);
            s.setObject(2, DEVICE);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the scenario's subject is missing");
                }
                return new Subject(PHONE, rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getObject(4, UUID.class));
            }
        }
    }
}
