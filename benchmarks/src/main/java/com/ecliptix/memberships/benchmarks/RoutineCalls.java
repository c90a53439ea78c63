package com.ecliptix.memberships.benchmarks;

import static com.ecliptix.memberships.generated.Tables.GET_PHONE_NUMBER;
import static com.ecliptix.memberships.internal.RoutineCalls.bindOutputsAsNull;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.device.DeviceRegistrationOutcome;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.generated.routines.RegisterAppDeviceIfNotExists;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.Purpose;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Each routine three ways over one shared pool: through the API, through the generated routine class, and
 * through raw JDBC. Every call checks its outcome, so a broken call cannot look fast. The subjects
 * (an existing device, a phone, its pending login flow, an active member) are made by {@link BenchmarkMain}.
 *
 * <p>One benchmark invocation makes the three calls one after another, in an order that goes through all six, and adds
 * each call's time to its own counter ({@link Timings}): on a machine whose load drifts, the three ways see
 * the same load, so their ratio holds even where the absolute numbers do not. A round in which one call
 * stalled is left out whole ({@link #STALL_FACTOR}). JMH's score is rounds of three calls per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoutineCalls {

    private HikariDataSource pool;
    private EcliptixMemberships api;
    private DSLContext dsl;
    private UUID appInstanceId;
    private UUID deviceId;
    private UUID deviceUniqueId;
    private UUID phoneUniqueId;
    private String phoneNumber;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        pool = BenchDatabases.pool("routines");
        api = EcliptixMemberships.builder().dataSource(pool).build();
        dsl = DSL.using(pool, SQLDialect.POSTGRES);
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT d.\"AppInstanceId\", d.\"DeviceId\", d.\"UniqueId\", p.\"UniqueId\", p.\"PhoneNumber\""
                        + " FROM dbo.\"AppDevices\" AS d, dbo.\"PhoneNumbers\" AS p"
                        + " WHERE p.\"PhoneNumber\" = ? AND d.\"DeviceId\" = ?")) {
            s.setString(1, BenchmarkMain.MEMBER_PHONE);
            s.setObject(2, BenchmarkMain.MEMBER_DEVICE);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the benchmark's member is missing");
                }
                appInstanceId = rs.getObject(1, UUID.class);
                deviceId = rs.getObject(2, UUID.class);
                deviceUniqueId = rs.getObject(3, UUID.class);
                phoneUniqueId = rs.getObject(4, UUID.class);
                phoneNumber = rs.getString(5);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /**
     * Nanoseconds spent in each way of calling, and the rounds counted, summed over the iteration's threads;
     * and the rounds left out because one call stalled.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Timings {
        public long apiNanos;
        public long generatedNanos;
        public long rawNanos;
        public long rounds;
        public long stalledRounds;

        @Setup(Level.Iteration)
        public void reset() {
            apiNanos = 0;
            generatedNanos = 0;
            rawNanos = 0;
            rounds = 0;
            stalledRounds = 0;
        }
    }

    /**
     * A round in which one call took this many times the round's middle call is left out whole: a server stall
     * (a checkpoint, a WAL flush, a descheduled thread) that hit one of the three calls, which in a slow routine's
     * few hundred rounds would decide the ratio by itself. The ways differ by far less than this.
     */
    static final int STALL_FACTOR = 5;

    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    /** The six orders of the three ways: each way runs first, second and third, after each of the others, alike. */
    private static final int[][] ORDERS = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {2, 1, 0}, {1, 0, 2}};

    private static void interleaved(Timings t, Call api, Call generated, Call raw) throws Exception {
        Call[] calls = {api, generated, raw};
        long[] nanos = new long[3];
        int[] order = ORDERS[(int) ((t.rounds + t.stalledRounds) % ORDERS.length)];
        for (int way : order) {
            long start = System.nanoTime();
            calls[way].run();
            nanos[way] = System.nanoTime() - start;
        }
        long slowest = Math.max(nanos[0], Math.max(nanos[1], nanos[2]));
        long middle = nanos[0] + nanos[1] + nanos[2] - slowest - Math.min(nanos[0], Math.min(nanos[1], nanos[2]));
        if (slowest > STALL_FACTOR * middle) {
            t.stalledRounds++;
            return;
        }
        t.rounds++;
        t.apiNanos += nanos[0];
        t.generatedNanos += nanos[1];
        t.rawNanos += nanos[2];
    }

    @Benchmark
    public void registerDevice(Timings t) throws Exception {
        interleaved(t, this::registerDeviceApi, this::registerDeviceGenerated, this::registerDeviceRaw);
    }

    @Benchmark
    public void getPhoneNumber(Timings t) throws Exception {
        interleaved(t, this::getPhoneNumberApi, this::getPhoneNumberGenerated, this::getPhoneNumberRaw);
    }

    @Benchmark
    public void initiateFlow(Timings t) throws Exception {
        interleaved(t, this::initiateFlowApi, this::initiateFlowGenerated, this::initiateFlowRaw);
    }

    @Benchmark
    public void login(Timings t) throws Exception {
        interleaved(t, this::loginApi, this::loginGenerated, this::loginRaw);
    }

    private static <T> T expect(String expected, String actual, T result) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected " + expected + ", got " + actual);
        }
        return result;
    }

    // ------------------------------------------------------------------ RegisterAppDeviceIfNotExists (exists)

    Object registerDeviceApi() {
        var r = api.devices().register(appInstanceId, deviceId);
        return expect(DeviceRegistrationOutcome.EXISTS.name(), r.outcome().name(), r);
    }

    Object registerDeviceGenerated() {
        RegisterAppDeviceIfNotExists call = new RegisterAppDeviceIfNotExists();
        call.setAppInstanceId(appInstanceId);
        call.setDeviceId(deviceId);
        call.setDeviceType(1);
        bindOutputsAsNull(call);
        call.execute(dsl.configuration());
        return expect("exists", call.getOutcome(), call.getDeviceUniqueId());
    }

    Object registerDeviceRaw() throws SQLException {
        try (Connection c = pool.getConnection();
             CallableStatement s = c.prepareCall("CALL dbo.\"RegisterAppDeviceIfNotExists\"(?, ?, ?, ?, ?)")) {
            s.setObject(1, appInstanceId);
            s.setObject(2, deviceId);
            s.setInt(3, 1);
            s.setNull(4, Types.OTHER);
            s.setNull(5, Types.VARCHAR);
            s.registerOutParameter(4, Types.OTHER);
            s.registerOutParameter(5, Types.VARCHAR);
            s.execute();
            return expect("exists", s.getString(5), s.getObject(4));
        }
    }

    // ------------------------------------------------------------------ GetPhoneNumber

    Object getPhoneNumberApi() {
        return api.phoneNumbers().find(phoneUniqueId).orElseThrow();
    }

    Object getPhoneNumberGenerated() {
        return dsl.selectFrom(GET_PHONE_NUMBER.call(phoneUniqueId).as("f")).fetchOptional().orElseThrow();
    }

    Object getPhoneNumberRaw() throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT f.* FROM dbo.\"GetPhoneNumber\"(?) AS f")) {
            s.setObject(1, phoneUniqueId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no phone");
                }
                return rs.getString("PhoneNumber");
            }
        }
    }

    // ------------------------------------------------------------------ InitiateVerificationFlow (retrieved)

    Object initiateFlowApi() {
        var r = api.verification().start(deviceUniqueId, phoneUniqueId, Purpose.LOGIN, null);
        return expect(FlowStartOutcome.RETRIEVED.name(), r.outcome().name(), r);
    }

    Object initiateFlowGenerated() {
        InitiateVerificationFlow call = new InitiateVerificationFlow();
        call.setAppDeviceId(deviceUniqueId);
        call.setPhoneNumberUniqueId(phoneUniqueId);
        call.setPurpose("login");
        call.setConnectionId(null);
        bindOutputsAsNull(call);
        call.execute(dsl.configuration());
        return expect("retrieved", call.getOutcome(), call.getFlowUniqueId());
    }

    Object initiateFlowRaw() throws SQLException {
        try (Connection c = pool.getConnection();
             CallableStatement s = c.prepareCall("CALL dbo.\"InitiateVerificationFlow\"(?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, deviceUniqueId);
            s.setObject(2, phoneUniqueId);
            s.setString(3, "login");
            s.setNull(4, Types.BIGINT);
            s.setNull(5, Types.OTHER);
            s.setNull(6, Types.VARCHAR);
            s.registerOutParameter(5, Types.OTHER);
            s.registerOutParameter(6, Types.VARCHAR);
            s.execute();
            return expect("retrieved", s.getString(6), s.getObject(5));
        }
    }

    // ------------------------------------------------------------------ LoginMembership (success)

    Object loginApi() {
        var r = api.logins().login(phoneNumber);
        return expect(LoginOutcome.SUCCESS.name(), r.outcome().name(), r);
    }

    Object loginGenerated() {
        LoginMembership call = new LoginMembership();
        call.setPhoneNumber(phoneNumber);
        bindOutputsAsNull(call);
        call.execute(dsl.configuration());
        return expect("success", call.getOutcome(), call.getSecureKey());
    }

    Object loginRaw() throws SQLException {
        return BenchmarkMain.loginRaw(pool, phoneNumber, "success");
    }
}
