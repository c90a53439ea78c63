package com.ecliptix.memberships.benchmarks;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Each write routine against its floor: the same rows written by one plain autocommit statement, on the same
 * connection (one client), call by call in turn (routine, floor, floor, routine, ...), each timed on its own.
 * Every routine call is on a fresh subject of its kind where the outcome needs one (a new flow for a phone,
 * a wrong code for a flow's first check, a membership for a verified flow), so it writes what a real call
 * writes, and its outcome is checked. Twice: as committed by default (each commit waits for the disk, the
 * goal's measure), and with {@code synchronous_commit = off} on the connection (the routine's and the
 * write's own time, without the disk flush that both share).
 *
 * <p>Timed in the main process, not in JMH: every call consumes a subject, so the number of calls is fixed.
 */
final class WriteFloors {

    /** The routines, in the order printed. */
    static final String[] NAMES = {"LoginMembership (success)", "InitiateVerificationFlow (created)",
            "VerifyOtp (wrong code)", "CreateMembership (created)", "CreateAuthenticationContext (created, 1 replaced)"};
    static final String[] FLOORS = {"INSERT LoginAttempts", "INSERT VerificationFlows", "INSERT FailedOtpAttempts",
            "INSERT Memberships + MembershipAttempts", "UPDATE oldest session + INSERT AuthenticationContexts"};

    private static final int WARM_UP = BenchmarkMain.QUICK ? 10 : 100;
    private static final int PAIRS = BenchmarkMain.QUICK ? 40 : 600;
    /** Subjects of each pool: both modes, warm-up included. */
    private static final int POOL = 2 * (WARM_UP + PAIRS);

    /** One routine's times, in nanoseconds, per call. */
    record Timing(double[] routine, double[] floor) {

        double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        double ratioOfMedians() {
            return median(routine) / median(floor);
        }

        double ratioOfMeans() {
            return Arrays.stream(routine).sum() / Arrays.stream(floor).sum();
        }
    }

    /** One routine's figures: committed as usual, and with synchronous_commit off. */
    record Result(String name, String floor, Timing committed, Timing ownTime) {
    }

    private WriteFloors() {
    }

    /** Needs the benchmark's member ({@link BenchmarkMain#member}) in the database. */
    static List<Result> run(DataSource dataSource) throws SQLException {
        Subjects subjects = Subjects.load(dataSource);
        Timing[][] timings = new Timing[NAMES.length][2];
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (int mode = 0; mode < 2; mode++) {
                try (Statement s = c.createStatement()) {
                    s.execute(mode == 0 ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
                }
                for (int r = 0; r < NAMES.length; r++) {
                    timings[r][mode] = pairs(c, r, subjects, mode);
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (int r = 0; r < NAMES.length; r++) {
            results.add(new Result(NAMES[r], FLOORS[r], timings[r][0], timings[r][1]));
        }
        return results;
    }

    private static Timing pairs(Connection c, int routine, Subjects subjects, int mode) throws SQLException {
        double[] routineNanos = new double[PAIRS];
        double[] floorNanos = new double[PAIRS];
        int base = mode * (WARM_UP + PAIRS);
        for (int i = 0; i < WARM_UP + PAIRS; i++) {
            int subject = base + i;
            boolean routineFirst = i % 2 == 0;
            long routineTime = 0;
            long floorTime = 0;
            for (int k = 0; k < 2; k++) {
                long t = System.nanoTime();
                if ((k == 0) == routineFirst) {
                    callRoutine(c, routine, subjects, subject);
                    routineTime = System.nanoTime() - t;
                } else {
                    writeFloor(c, routine, subjects, subject);
                    floorTime = System.nanoTime() - t;
                }
            }
            if (i >= WARM_UP) {
                routineNanos[i - WARM_UP] = routineTime;
                floorNanos[i - WARM_UP] = floorTime;
            }
        }
        return new Timing(routineNanos, floorNanos);
    }

    // ------------------------------------------------------------------ the routines, as raw JDBC calls

    private static void callRoutine(Connection c, int routine, Subjects s, int i) throws SQLException {
        String outcome = switch (routine) {
            case 0 -> call(c, "CALL dbo.\"LoginMembership\"(?, ?, ?, ?, ?, ?)", 6, st -> {
                st.setString(1, BenchmarkMain.MEMBER_PHONE);
                nulls(st, new int[] {Types.OTHER, Types.VARCHAR, Types.BINARY, Types.INTEGER, Types.VARCHAR}, 2);
            });
            case 1 -> call(c, "CALL dbo.\"InitiateVerificationFlow\"(?, ?, ?, ?, ?, ?)", 6, st -> {
                st.setObject(1, s.device());
                st.setObject(2, s.flowPhones()[i]);
                st.setString(3, "login");
                st.setNull(4, Types.BIGINT);
                nulls(st, new int[] {Types.OTHER, Types.VARCHAR}, 5);
            });
            case 2 -> call(c, "CALL dbo.\"VerifyOtp\"(?, ?, ?, ?, ?)", 5, st -> {
                st.setObject(1, s.otpFlows()[i]);
                st.setString(2, "wrong-hash");
                nulls(st, new int[] {Types.OTHER, Types.INTEGER, Types.VARCHAR}, 3);
            });
            case 3 -> call(c, "CALL dbo.\"CreateMembership\"(?, ?, ?, ?, ?, ?, ?, ?)", 8, st -> {
                st.setObject(1, s.verifiedFlows()[i]);
                st.setNull(2, Types.BIGINT);
                st.setObject(3, s.verifiedOtps()[i]);
                st.setString(4, "otp_verified");
                nulls(st, new int[] {Types.OTHER, Types.VARCHAR, Types.INTEGER, Types.VARCHAR}, 5);
            });
            case 4 -> call(c, "CALL dbo.\"CreateAuthenticationContext\"(?, ?, ?, ?, ?, ?)", 6, st -> {
                st.setObject(1, s.membership());
                st.setObject(2, s.device());
                st.setString(3, tokenHash());
                nulls(st, new int[] {Types.OTHER, Types.TIMESTAMP, Types.VARCHAR}, 4);
            });
            default -> throw new IllegalArgumentException("routine " + routine);
        };
        String expected = new String[] {"success", "created", "invalid_code", "created", "created"}[routine];
        if (!expected.equals(outcome)) {
            throw new IllegalStateException(NAMES[routine] + ": expected " + expected + ", got " + outcome);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(CallableStatement statement) throws SQLException;
    }

    /** Binds, registers every parameter from {@code firstOut} on as an output, runs, returns the last (Outcome). */
    private static String call(Connection c, String sql, int outcomeIndex, Binder binder) throws SQLException {
        try (CallableStatement st = c.prepareCall(sql)) {
            binder.bind(st);
            st.execute();
            return st.getString(outcomeIndex);
        }
    }

    private static void nulls(CallableStatement st, int[] types, int first) throws SQLException {
        for (int k = 0; k < types.length; k++) {
            st.setNull(first + k, types[k]);
            st.registerOutParameter(first + k, types[k]);
        }
    }

    private static String tokenHash() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    // ------------------------------------------------------------------ the floors: the same rows, one statement

    private static void writeFloor(Connection c, int routine, Subjects s, int i) throws SQLException {
        String sql = switch (routine) {
            case 0 -> "INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\", \"IsSuccess\") VALUES (?, 'success', true)";
            case 1 -> "INSERT INTO dbo.\"VerificationFlows\" (\"PhoneNumberId\", \"AppDeviceId\", \"Status\", \"Purpose\", \"ExpiresAt\","
                    + " \"OtpCount\", \"ConnectionId\") VALUES (?, ?, 'pending', 'login', ecliptix_internal.utc_now() + interval '5 minutes', 0, NULL)";
            case 2 -> "INSERT INTO dbo.\"FailedOtpAttempts\" (\"OtpUniqueId\", \"FlowUniqueId\") VALUES (?, ?)";
            case 3 -> "WITH m AS (INSERT INTO dbo.\"Memberships\" (\"PhoneNumberId\", \"AppDeviceId\", \"VerificationFlowId\", \"Status\","
                    + " \"CreationStatus\") VALUES (?, ?, ?, 'inactive', 'otp_verified') RETURNING \"PhoneNumberId\")"
                    + " INSERT INTO dbo.\"MembershipAttempts\" (\"PhoneNumberId\", \"Outcome\", \"IsSuccess\")"
                    + " SELECT m.\"PhoneNumberId\", 'created', true FROM m";
            case 4 -> "WITH ended AS (UPDATE dbo.\"AuthenticationContexts\" AS c SET \"IsActive\" = false, \"EndReason\" = 'replaced'"
                    + " WHERE c.\"Id\" = (SELECT a.\"Id\" FROM dbo.\"AuthenticationContexts\" AS a WHERE a.\"MembershipUniqueId\" = ?"
                    + " AND a.\"IsActive\" ORDER BY a.\"CreatedAt\", a.\"Id\" LIMIT 1))"
                    + " INSERT INTO dbo.\"AuthenticationContexts\" (\"MembershipUniqueId\", \"AppDeviceId\", \"ContextTokenHash\", \"ExpiresAt\")"
                    + " VALUES (?, ?, ?, ecliptix_internal.utc_now() + interval '24 hours')";
            default -> throw new IllegalArgumentException("routine " + routine);
        };
        try (PreparedStatement st = c.prepareStatement(sql)) {
            switch (routine) {
                case 0 -> st.setString(1, BenchmarkMain.MEMBER_PHONE);
                case 1 -> {
                    st.setLong(1, s.floorFlowPhoneIds()[i]);
                    st.setObject(2, s.device());
                }
                case 2 -> {
                    st.setObject(1, s.floorOtps()[i]);
                    st.setObject(2, s.floorOtpFlows()[i]);
                }
                case 3 -> {
                    st.setObject(1, s.floorMemberPhones()[i]);
                    st.setObject(2, s.device());
                    st.setObject(3, s.floorVerifiedFlows()[i]);
                }
                case 4 -> {
                    st.setObject(1, s.membership());
                    st.setObject(2, s.membership());
                    st.setObject(3, s.device());
                    st.setString(4, tokenHash());
                }
                default -> throw new IllegalArgumentException("routine " + routine);
            }
            if (st.executeUpdate() != 1) {
                throw new IllegalStateException(FLOORS[routine] + " wrote no row");
            }
        }
    }

    // ------------------------------------------------------------------ subjects, written set-based before timing

    /** The pools, one subject per call, indexed alike for the routine and its floor. */
    private record Subjects(UUID device, UUID membership, UUID[] flowPhones, long[] floorFlowPhoneIds, UUID[] otpFlows,
                            UUID[] floorOtps, UUID[] floorOtpFlows, UUID[] verifiedFlows, UUID[] verifiedOtps,
                            UUID[] floorMemberPhones, UUID[] floorVerifiedFlows) {

        /** Phones +1777 and 7 digits: [0, POOL) flows by the routine, [POOL, 2 POOL) by the floor, then memberships. */
        static Subjects load(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                UUID device = uuid(st, "SELECT \"UniqueId\" FROM dbo.\"AppDevices\" WHERE \"DeviceId\" = '" + BenchmarkMain.MEMBER_DEVICE + "'");
                UUID membership = uuid(st, "SELECT m.\"UniqueId\" FROM dbo.\"Memberships\" AS m JOIN dbo.\"PhoneNumbers\" AS p"
                        + " ON p.\"UniqueId\" = m.\"PhoneNumberId\" WHERE p.\"PhoneNumber\" = '" + BenchmarkMain.MEMBER_PHONE + "'");
                st.execute("INSERT INTO dbo.\"PhoneNumbers\" (\"PhoneNumber\", \"Region\")"
                        + " SELECT '+1777' || lpad(g::text, 7, '0'), 'US' FROM generate_series(0, " + (4 * POOL - 1) + ") AS g");
                // A pending password-recovery flow with an active OTP on each of the first 2 POOL phones.
                st.execute("INSERT INTO dbo.\"VerificationFlows\" (\"PhoneNumberId\", \"AppDeviceId\", \"Status\", \"Purpose\", \"ExpiresAt\", \"OtpCount\")"
                        + " SELECT p.\"Id\", '" + device + "', 'pending', 'password_recovery', ecliptix_internal.utc_now() + interval '1 day', 1"
                        + " FROM dbo.\"PhoneNumbers\" AS p WHERE p.\"PhoneNumber\" < '+1777" + String.format("%07d", 2 * POOL) + "'"
                        + " AND p.\"PhoneNumber\" LIKE '+1777%'");
                st.execute("INSERT INTO dbo.\"OtpRecords\" (\"FlowUniqueId\", \"PhoneNumberId\", \"OtpHash\", \"OtpSalt\", \"ExpiresAt\")"
                        + " SELECT f.\"UniqueId\", f.\"PhoneNumberId\", 'right-hash', 'salt', f.\"ExpiresAt\""
                        + " FROM dbo.\"VerificationFlows\" AS f WHERE f.\"Purpose\" = 'password_recovery' AND f.\"AppDeviceId\" = '" + device + "'");
                // A verified registration flow with its verified OTP on each of the last 2 POOL phones.
                st.execute("INSERT INTO dbo.\"VerificationFlows\" (\"PhoneNumberId\", \"AppDeviceId\", \"Status\", \"Purpose\", \"ExpiresAt\", \"OtpCount\")"
                        + " SELECT p.\"Id\", '" + device + "', 'verified', 'registration', ecliptix_internal.utc_now() + interval '1 day', 1"
                        + " FROM dbo.\"PhoneNumbers\" AS p WHERE p.\"PhoneNumber\" >= '+1777" + String.format("%07d", 2 * POOL) + "'"
                        + " AND p.\"PhoneNumber\" LIKE '+1777%'");
                st.execute("INSERT INTO dbo.\"OtpRecords\" (\"FlowUniqueId\", \"PhoneNumberId\", \"OtpHash\", \"OtpSalt\", \"ExpiresAt\", \"Status\", \"IsActive\")"
                        + " SELECT f.\"UniqueId\", f.\"PhoneNumberId\", 'h', 'salt', f.\"ExpiresAt\", 'verified', false"
                        + " FROM dbo.\"VerificationFlows\" AS f JOIN dbo.\"PhoneNumbers\" AS p ON p.\"Id\" = f.\"PhoneNumberId\""
                        + " WHERE f.\"Purpose\" = 'registration' AND f.\"Status\" = 'verified' AND p.\"PhoneNumber\" LIKE '+1777%'");
                for (String table : new String[] {"PhoneNumbers", "VerificationFlows", "OtpRecords"}) {
                    st.execute("VACUUM (ANALYZE) dbo.\"" + table + "\"");
                }
                String byNumber = " FROM dbo.\"PhoneNumbers\" AS p WHERE p.\"PhoneNumber\" LIKE '+1777%' ORDER BY p.\"PhoneNumber\"";
                List<Object[]> phones = rows(st, "SELECT p.\"UniqueId\", p.\"Id\"" + byNumber, 2);
                List<Object[]> otpFlows = rows(st, "SELECT f.\"UniqueId\", o.\"UniqueId\"" + " FROM dbo.\"VerificationFlows\" AS f"
                        + " JOIN dbo.\"OtpRecords\" AS o ON o.\"FlowUniqueId\" = f.\"UniqueId\" JOIN dbo.\"PhoneNumbers\" AS p ON p.\"Id\" = f.\"PhoneNumberId\""
                        + " WHERE f.\"Purpose\" = 'password_recovery' AND p.\"PhoneNumber\" LIKE '+1777%' ORDER BY p.\"PhoneNumber\"", 2);
                List<Object[]> verified = rows(st, "SELECT f.\"UniqueId\", o.\"UniqueId\", p.\"UniqueId\"" + " FROM dbo.\"VerificationFlows\" AS f"
                        + " JOIN dbo.\"OtpRecords\" AS o ON o.\"FlowUniqueId\" = f.\"UniqueId\" JOIN dbo.\"PhoneNumbers\" AS p ON p.\"Id\" = f.\"PhoneNumberId\""
                        + " WHERE f.\"Purpose\" = 'registration' AND p.\"PhoneNumber\" LIKE '+1777%' ORDER BY p.\"PhoneNumber\"", 3);
                if (phones.size() != 4 * POOL || otpFlows.size() != 2 * POOL || verified.size() != 2 * POOL) {
                    throw new IllegalStateException("the write floors' subjects are incomplete");
                }
                return new Subjects(device, membership,
                        column(phones, 0, 0, POOL), longs(phones, 1, POOL, POOL),
                        column(otpFlows, 0, 0, POOL), column(otpFlows, 1, POOL, POOL), column(otpFlows, 0, POOL, POOL),
                        column(verified, 0, 0, POOL), column(verified, 1, 0, POOL),
                        column(verified, 2, POOL, POOL), column(verified, 0, POOL, POOL));
            }
        }

        private static UUID uuid(Statement st, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                if (!rs.next()) {
                    throw new IllegalStateException("missing: " + sql);
                }
                return rs.getObject(1, UUID.class);
            }
        }

        private static List<Object[]> rows(Statement st, String sql, int columns) throws SQLException {
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int k = 0; k < columns; k++) {
                        row[k] = rs.getObject(k + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }

        private static UUID[] column(List<Object[]> rows, int column, int from, int count) {
            UUID[] values = new UUID[count];
            for (int k = 0; k < count; k++) {
                values[k] = (UUID) rows.get(from + k)[column];
            }
            return values;
        }

        private static long[] longs(List<Object[]> rows, int column, int from, int count) {
            long[] values = new long[count];
            for (int k = 0; k < count; k++) {
                values[k] = ((Number) rows.get(from + k)[column]).longValue();
            }
            return values;
        }
    }
}
