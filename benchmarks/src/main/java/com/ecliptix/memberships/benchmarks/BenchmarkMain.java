package com.ecliptix.memberships.benchmarks;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.maintenance.CleanupReport;
import com.ecliptix.memberships.membership.MembershipCreation;
import com.ecliptix.memberships.verification.FlowStart;
import com.ecliptix.memberships.verification.OtpCheck;
import com.ecliptix.memberships.verification.OtpIssue;
import com.ecliptix.memberships.verification.Purpose;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole benchmark in one run: creates and fills throwaway databases, runs the JMH benchmarks
 * ({@link RoutineCalls} at 1, 4 and 16 threads, {@link LimitChecks} in three scenarios), times the cleanup
 * and LoginMembership's p99 with and without a concurrent cleanup, prints every figure and the ratios
 * computed from them, writes them to {@code target/performance.md}, and drops the databases.
 *
 * <p>Kept short for a 2-core machine: one fork per benchmark, 3 warm-up iterations of 1 s and 4 measured
 * iterations of 1.5 s (limit checks: 5 measured). The ratios compare figures of the same run; absolute numbers depend on the machine.
 */
public final class BenchmarkMain {

    static final String MEMBER_PHONE = "+15550000002";
    static final UUID MEMBER_DEVICE = UUID.fromString("00000000-0000-4000-8000-00000000d002");
    static final int[] THREADS = {1, 4, 16};
    static final String[] ROUTINES = {"registerDevice", "getPhoneNumber", "initiateFlow", "login"};
    static final String[] ROUTINE_NAMES = {"RegisterAppDeviceIfNotExists (exists)", "GetPhoneNumber",
            "InitiateVerificationFlow (retrieved)", "LoginMembership (success)"};
    static final String[] LIMIT_CHECKS = {"loginMembership", "createMembership", "initiateVerificationFlow", "verifyOtp"};
    /** -Decliptix.bench.quick=true: a smoke run (tiny tables, short iterations) that checks every call works. */
    static final boolean QUICK = Boolean.getBoolean("ecliptix.bench.quick");
    static final int CLEANUP_ROWS = QUICK ? 20_000 : 1_000_000;
    static final int LATENCY_CALLS = QUICK ? 200 : 2_000;

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Map<String, ThrowawayDatabase> databases = new LinkedHashMap<>();
        StringBuilder report = new StringBuilder();
        try {
            databases.put("routines", ThrowawayDatabase.create(Engine.POSTGRESQL).migrate());
            member(databases.get("routines").dataSource());
            for (String[] scenario : new String[][] {{"own10", "10", "10000"}, {"own10k", "10000", "10000"}, {"table1M", "10", QUICK ? "20000" : "1000000"}}) {
                ThrowawayDatabase db = ThrowawayDatabase.create(Engine.POSTGRESQL).migrate();
                databases.put(scenario[0], db);
                long t = System.nanoTime();
                Seeds.load(db.dataSource(), Integer.parseInt(scenario[1]), Integer.parseInt(scenario[2]));
                log("seeded %s (%s own rows, %s others) in %.1f s", scenario[0], scenario[1], scenario[2], seconds(t));
            }
            List<String> jvmArgs = new ArrayList<>(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
            databases.forEach((role, db) -> jvmArgs.add("-D" + BenchDatabases.PROPERTY + role + "=" + db.name()));

            // Every routine's three ways interleaved call by call (see RoutineCalls), at each thread count.
            Map<String, WaysOfCalling> routineCalls = new LinkedHashMap<>();
            for (int threads : THREADS) {
                log("routine calls, %d threads", threads);
                for (RunResult r : run(options(jvmArgs).include(RoutineCalls.class.getName()).threads(threads))) {
                    Map<String, org.openjdk.jmh.results.Result> aux = r.getSecondaryResults();
                    routineCalls.put(method(r) + "@" + threads, new WaysOfCalling(
                            aux.get("apiNanos").getScore(), aux.get("generatedNanos").getScore(),
                            aux.get("rawNanos").getScore(), aux.get("rounds").getScore(),
                            aux.get("stalledRounds").getScore()));
                }
            }
            Map<String, Double> latency = new LinkedHashMap<>();
            for (RunResult r : run(options(jvmArgs).include(LimitChecks.class.getName()).threads(1)
                    .measurementIterations(QUICK ? 1 : 5))) {
                latency.put(method(r) + "@" + r.getParams().getParam("scenario"), r.getPrimaryResult().getScore());
            }

            ThrowawayDatabase cleanupDb = ThrowawayDatabase.create(Engine.POSTGRESQL).migrate();
            databases.put("cleanup", cleanupDb);
            double[] cleanup = cleanupAndLatency(cleanupDb);

            report(report, routineCalls, latency, cleanup);
            report.append(String.format(Locale.ROOT, "%nWhole run: %.1f min, %s, %d cores, Java %s.%n", seconds(started) / 60,
                    LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES) + " UTC",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
            System.out.println();
            System.out.println(report);
            Path out = Path.of("target", "performance.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
            log("written to %s", out.toAbsolutePath());
        } finally {
            for (ThrowawayDatabase db : databases.values()) {
                db.close();
            }
        }
    }

    private static ChainedOptionsBuilder options(List<String> jvmArgs) {
        return new OptionsBuilder()
                .forks(1)
                .warmupIterations(QUICK ? 0 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(QUICK ? 1 : 4).measurementTime(TimeValue.milliseconds(QUICK ? 200 : 1500))
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true);
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }

    private static String method(RunResult r) {
        String benchmark = r.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    // ------------------------------------------------------------------ fixtures

    /** The routines' subjects, made through the API: a device, a member with a key, a pending login flow. */
    private static void member(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // The login flow stays pending through the whole run (retrieved, not expired and recreated).
            s.execute("CALL dbo.\"SetConfigValue\"('Verification.FlowLifetimeMinutes', '1440', NULL)");
        }
        try (EcliptixMemberships api = EcliptixMemberships.builder().dataSource(dataSource).build()) {
            UUID device = api.devices().register(UUID.randomUUID(), MEMBER_DEVICE).deviceUniqueId();
            UUID phone = api.phoneNumbers().ensure(MEMBER_PHONE, "US", device).phoneNumberUniqueId();
            FlowStart registration = api.verification().start(device, phone, Purpose.REGISTRATION, null);
            UUID flow = registration.flowUniqueId().orElseThrow();
            OtpIssue otp = api.verification().issueOtp(flow, "bench-hash", "bench-salt", Instant.now().plus(5, ChronoUnit.MINUTES));
            OtpCheck check = api.verification().verifyHash(flow, "bench-hash");
            MembershipCreation created = api.memberships().create(flow, null, check.otpUniqueId().orElse(otp.otpUniqueId().orElseThrow()));
            api.memberships().setSecureKey(created.membershipUniqueId().orElseThrow(), new byte[] {1, 2, 3, 4});
            if (api.logins().login(MEMBER_PHONE).outcome() != LoginOutcome.SUCCESS) {
                throw new IllegalStateException("the benchmark's member cannot log in");
            }
            api.verification().start(device, phone, Purpose.LOGIN, null).flowUniqueId().orElseThrow();
        }
    }

    static String loginRaw(DataSource pool, String phoneNumber, String expected) throws SQLException {
        try (Connection c = pool.getConnection();
             CallableStatement s = c.prepareCall("CALL dbo.\"LoginMembership\"(?, ?, ?, ?, ?, ?)")) {
            s.setString(1, phoneNumber);
            s.setNull(2, Types.OTHER);
            s.setNull(3, Types.VARCHAR);
            s.setNull(4, Types.BINARY);
            s.setNull(5, Types.INTEGER);
            s.setNull(6, Types.VARCHAR);
            s.registerOutParameter(2, Types.OTHER);
            s.registerOutParameter(3, Types.VARCHAR);
            s.registerOutParameter(4, Types.BINARY);
            s.registerOutParameter(5, Types.INTEGER);
            s.registerOutParameter(6, Types.VARCHAR);
            s.execute();
            String outcome = s.getString(6);
            if (!expected.equals(outcome)) {
                throw new IllegalStateException("expected " + expected + ", got " + outcome);
            }
            return outcome;
        }
    }

    // ------------------------------------------------------------------ cleanup (timed here, one shot each)

    /** Expired login attempts: older than Retention.AttemptLogDays (30), spread over 30 more days. */
    private static void loadExpired(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\", \"IsSuccess\", \"CreatedAt\", \"UpdatedAt\")"
                    + " SELECT '+447' || lpad((1 + g % 100000)::text, 9, '0'), 'inactive_membership', false, t, t"
                    + " FROM (SELECT g, ecliptix_internal.utc_now() - interval '31 days' - random() * interval '30 days' AS t"
                    + " FROM generate_series(1, " + CLEANUP_ROWS + ") AS g) AS x");
            s.execute("VACUUM (ANALYZE) dbo.\"LoginAttempts\"");
        }
    }

    /**
     * The cleanup's rows per second over {@value #CLEANUP_ROWS} expired rows, then LoginMembership's p99 over
     * {@value #LATENCY_CALLS} calls on a quiet database and again while a cleanup of as many rows runs.
     */
    private static double[] cleanupAndLatency(ThrowawayDatabase db) throws Exception {
        DataSource dataSource = db.dataSource();
        member(dataSource);
        try (HikariDataSource pool = BenchDatabases.pool("cleanup", db.settings());
             EcliptixMemberships api = EcliptixMemberships.builder().dataSource(pool).build()) {
            loadExpired(dataSource);
            long t = System.nanoTime();
            CleanupReport report = api.maintenance().cleanup();
            double cleanupSeconds = seconds(t);
            double rowsPerSecond = report.totalDeleted() / cleanupSeconds;
            log("cleanup deleted %,d rows in %.1f s: %,.0f rows/s", report.totalDeleted(), cleanupSeconds, rowsPerSecond);

            loadExpired(dataSource);
            for (int i = 0; i < 500; i++) {
                api.logins().login(MEMBER_PHONE);
            }
            double quiet = p99(api, LATENCY_CALLS);
            CompletableFuture<CleanupReport> concurrent = CompletableFuture.supplyAsync(() -> api.maintenance().cleanup());
            double busy = p99(api, LATENCY_CALLS);
            long during = concurrent.isDone() ? 0 : 1;
            CleanupReport second = concurrent.get();
            log("LoginMembership p99 %.3f ms quiet, %.3f ms during a cleanup (%s; it deleted %,d rows)", quiet, busy,
                    during == 1 ? "the cleanup outlasted the calls" : "the cleanup ended before the last call", second.totalDeleted());
            return new double[] {rowsPerSecond, quiet, busy, report.totalDeleted()};
        }
    }

    private static double p99(EcliptixMemberships api, int calls) {
        double[] millis = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            if (api.logins().login(MEMBER_PHONE).outcome() != LoginOutcome.SUCCESS) {
                throw new IllegalStateException("login failed during the latency run");
            }
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        return millis[(int) Math.ceil(calls * 0.99) - 1];
    }

    // ------------------------------------------------------------------ report

    /** One routine's {@link RoutineCalls.Timings} at one thread count, summed over the measured iterations. */
    private record WaysOfCalling(double apiNanos, double generatedNanos, double rawNanos, double rounds, double stalledRounds) {
    }

    private static void report(StringBuilder out, Map<String, WaysOfCalling> routineCalls, Map<String, Double> latency, double[] cleanup) {
        out.append("Routine calls: time per call relative to raw JDBC, the three ways interleaved call by call in the same"
                + " threads (JMH, summed over the measured iterations); raw JDBC calls per second over all threads (≈, from the raw calls' share of the time);"
                + " rounds left out because one of their three calls took over " + RoutineCalls.STALL_FACTOR + " times the middle one\n\n");
        out.append("| call | threads | raw JDBC calls/s | API / raw | generated / raw | rounds left out |\n| --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < ROUTINES.length; i++) {
            for (int threads : THREADS) {
                WaysOfCalling w = routineCalls.get(ROUTINES[i] + "@" + threads);
                double rawPerSecond = w.rounds() / (w.rawNanos() / 1e9) * threads;
                out.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %,.0f of %,.0f |%n", ROUTINE_NAMES[i], threads,
                        rawPerSecond, w.apiNanos() / w.rawNanos(), w.generatedNanos() / w.rawNanos(), w.stalledRounds(),
                        w.rounds() + w.stalledRounds()));
            }
        }
        out.append("\nLimit checks, µs per call (JMH average time, raw JDBC, rolled back so the history keeps its size)\n\n");
        out.append("| routine | 10 own rows | 10,000 own rows | 10k / 10 | 10 own rows in 1M | 1M / 10k |\n| --- | --- | --- | --- | --- | --- |\n");
        for (String check : LIMIT_CHECKS) {
            double small = latency.get(check + "@own10");
            double own = latency.get(check + "@own10k");
            double big = latency.get(check + "@table1M");
            out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.2f |%n", check, small, own, own / small, big, big / small));
        }
        out.append(String.format(Locale.ROOT, "%nCleanupExpiredData: %,.0f rows/s over %,.0f expired LoginAttempts rows."
                + "%nLoginMembership p99: %.2f ms quiet, %.2f ms during a cleanup: ratio %.2f.%n",
                cleanup[0], cleanup[3], cleanup[1], cleanup[2], cleanup[2] / cleanup[1]));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    static {
        // Ensures the profile's Java is the build's (JMH forks reuse it).
        if (Runtime.version().feature() < 17) {
            throw new IllegalStateException("Java 17 or later is needed");
        }
    }
}
