package com.ecliptix.memberships.benchmarks;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Many callers of one phone: successful logins per second of {@value #THREADS} threads on one phone number,
 * and on {@value #THREADS} phone numbers (one each), each thread on a connection of its own; and the same two
 * against their floor, the phone's lock and the same write in one autocommit statement. The logins of one
 * phone wait for each other on its lock, held until the commit, so one phone's rate is bounded by one
 * login's time under the lock; the floor shows the bound of the lock and the write alone.
 */
final class HotPhone {

    static final int THREADS = 16;
    private static final long WARM_UP_NANOS = (BenchmarkMain.QUICK ? 200 : 1_000) * 1_000_000L;
    private static final long MEASURE_NANOS = (BenchmarkMain.QUICK ? 500 : 5_000) * 1_000_000L;
    /** The members of the 16-phone runs: +1888 and 7 digits. */
    private static final String PHONE_FORMAT = "+1888%07d";

    /** Logins (or floor writes) per second, all threads together. */
    record Result(double onePhone, double manyPhones, double floorOnePhone, double floorManyPhones) {
    }

    private HotPhone() {
    }

    /** Needs the benchmark's member ({@link BenchmarkMain#member}); adds {@value #THREADS} members of its own. */
    static Result run(DataSource dataSource) throws Exception {
        members(dataSource);
        double one = rate(dataSource, false, false);
        double many = rate(dataSource, true, false);
        double floorOne = rate(dataSource, false, true);
        double floorMany = rate(dataSource, true, true);
        return new Result(one, many, floorOne, floorMany);
    }

    /** Active members with a key, one per thread, written set-based (each needs its verified registration flow). */
    private static void members(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            String device = "(SELECT \"UniqueId\" FROM dbo.\"AppDevices\" WHERE \"DeviceId\" = '" + BenchmarkMain.MEMBER_DEVICE + "')";
            st.execute("INSERT INTO dbo.\"PhoneNumbers\" (\"PhoneNumber\", \"Region\")"
                    + " SELECT format('" + PHONE_FORMAT.replace("%07d", "%s") + "', lpad(g::text, 7, '0')), 'US' FROM generate_series(1, " + THREADS + ") AS g");
            st.execute("INSERT INTO dbo.\"VerificationFlows\" (\"PhoneNumberId\", \"AppDeviceId\", \"Status\", \"Purpose\", \"ExpiresAt\", \"OtpCount\")"
                    + " SELECT p.\"Id\", " + device + ", 'verified', 'registration', ecliptix_internal.utc_now() + interval '1 day', 1"
                    + " FROM dbo.\"PhoneNumbers\" AS p WHERE p.\"PhoneNumber\" LIKE '+1888%'");
            st.execute("INSERT INTO dbo.\"Memberships\" (\"PhoneNumberId\", \"AppDeviceId\", \"VerificationFlowId\", \"SecureKey\", \"Status\", \"CreationStatus\")"
                    + " SELECT p.\"UniqueId\", f.\"AppDeviceId\", f.\"UniqueId\", '\\x01020304'::bytea, 'active', 'secure_key_set'"
                    + " FROM dbo.\"PhoneNumbers\" AS p JOIN dbo.\"VerificationFlows\" AS f ON f.\"PhoneNumberId\" = p.\"Id\""
                    + " WHERE p.\"PhoneNumber\" LIKE '+1888%'");
        }
    }

    private static String phone(int thread, boolean manyPhones) {
        return manyPhones ? String.format(PHONE_FORMAT, thread + 1) : BenchmarkMain.MEMBER_PHONE;
    }

    /** Runs {@value #THREADS} threads for the warm-up and the measured time; counts the calls of the measured time. */
    private static double rate(DataSource dataSource, boolean manyPhones, boolean floor) throws Exception {
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong counted = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String phone = phone(t, manyPhones);
            Thread thread = new Thread(() -> {
                try (Connection c = dataSource.getConnection();
                     CallableStatement login = c.prepareCall("CALL dbo.\"LoginMembership\"(?, ?, ?, ?, ?, ?)");
                     PreparedStatement lockAndWrite = c.prepareStatement(
                             "WITH locked AS (SELECT pg_advisory_xact_lock(hashtextextended('phone:' || ?, 0)))"
                                     + " INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\", \"IsSuccess\")"
                                     + " SELECT ?, 'success', true FROM locked")) {
                    c.setAutoCommit(true);
                    ready.countDown();
                    go.await();
                    while (!stop.get()) {
                        if (floor) {
                            lockAndWrite.setString(1, phone);
                            lockAndWrite.setString(2, phone);
                            if (lockAndWrite.executeUpdate() != 1) {
                                throw new IllegalStateException("the floor wrote no row");
                            }
                        } else {
                            login.setString(1, phone);
                            int[] types = {Types.OTHER, Types.VARCHAR, Types.BINARY, Types.INTEGER, Types.VARCHAR};
                            for (int k = 0; k < types.length; k++) {
                                login.setNull(k + 2, types[k]);
                                login.registerOutParameter(k + 2, types[k]);
                            }
                            login.execute();
                            if (!"success".equals(login.getString(6))) {
                                throw new IllegalStateException("login of " + phone + ": " + login.getString(6));
                            }
                        }
                        if (System.nanoTime() >= measuring.get()) {
                            counted.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }, "hot-phone-" + t);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        go.countDown();
        Thread.sleep(WARM_UP_NANOS / 1_000_000);
        long started = System.nanoTime();
        measuring.set(started);
        Thread.sleep(MEASURE_NANOS / 1_000_000);
        long counting = counted.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("hot-phone run failed", failure.get());
        }
        return counting / seconds;
    }
}
