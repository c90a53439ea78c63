package com.ecliptix.memberships.benchmarks.soak;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The soak: minutes of mixed traffic ({@link MixedTraffic}) from many threads through one API object over its
 * own pool, while the retention cleanup runs ({@link CleanupLoop}), on a throwaway PostgreSQL database. Prints
 * and writes to {@code target/soak.md} the throughput, each call's p50 and p99, the errors (expected: none)
 * and the limits' counts as answered against the database's ({@link SoakChecks}); exits with 1 when a call
 * failed, answered what its step does not allow, or a count differs.
 *
 * <p>Settings (system properties): {@code ecliptix.soak.minutes} (3), {@code ecliptix.soak.threads} (32),
 * {@code ecliptix.soak.pool} (16, the API's pool).
 */
public final class SoakMain {

    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofMillis(Math.round(Double.parseDouble(System.getProperty("ecliptix.soak.minutes", "3")) * 60_000));
        int threads = Integer.getInteger("ecliptix.soak.threads", 32);
        int pool = Integer.getInteger("ecliptix.soak.pool", 16);
        byte[] otpKey = new byte[32];
        new SecureRandom().nextBytes(otpKey);

        boolean passed;
        try (ThrowawayDatabase db = ThrowawayDatabase.create(Engine.POSTGRESQL).migrate()) {
            ConnectionSettings owner = db.settings();
            try (EcliptixMemberships api = EcliptixMemberships.builder().jdbc(owner.jdbcUrl(), owner.user(), owner.password())
                    .maximumPoolSize(pool).otpKey(otpKey).build()) {
                log("soak of %s on %s: %d threads, a pool of %d, the cleanup every %d s", duration, db.name(), threads, pool,
                        CleanupLoop.EVERY.toSeconds());
                Instant start = Instant.now();
                MixedTraffic traffic = new MixedTraffic(api, start);
                traffic.prepare(new Timings());
                CleanupLoop cleanup = new CleanupLoop(api, db.dataSource(), traffic.errors);
                Instant deadline = Instant.now().plus(duration);

                List<Timings> timings = new ArrayList<>();
                List<Thread> running = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Timings own = new Timings();
                    timings.add(own);
                    running.add(new Thread(() -> traffic.run(own, deadline), "soak-" + i));
                }
                Timings cleanupTimings = new Timings();
                timings.add(cleanupTimings);
                running.add(new Thread(() -> cleanup.run(cleanupTimings, deadline), "soak-cleanup"));
                Instant began = Instant.now();
                running.forEach(Thread::start);
                for (Thread thread : running) {
                    thread.join();
                }
                double seconds = Duration.between(began, Instant.now()).toMillis() / 1000.0;

                List<SoakChecks.Check> checks = SoakChecks.of(db.dataSource(), api.configuration(), traffic, cleanup);
                String report = report(duration, threads, pool, seconds, Timings.merge(timings), traffic, cleanup, checks,
                        serverVersion(db.dataSource()));
                System.out.println();
                System.out.println(report);
                Path out = Path.of("target", "soak.md");
                Files.createDirectories(out.getParent());
                Files.writeString(out, report, StandardCharsets.UTF_8);
                log("written to %s", out.toAbsolutePath());
                passed = traffic.errors.total() == 0 && traffic.unexpected.total() == 0 && checks.stream().allMatch(SoakChecks.Check::holds);
            }
        }
        if (!passed) {
            log("FAILED: errors, unexpected answers or counts that differ (see above)");
            System.exit(1);
        }
    }

    private static String report(Duration duration, int threads, int pool, double seconds, Map<String, Timings.Figures> figures,
                                 MixedTraffic traffic, CleanupLoop cleanup, List<SoakChecks.Check> checks, String server) {
        StringBuilder out = new StringBuilder();
        long calls = figures.values().stream().mapToLong(Timings.Figures::calls).sum();
        out.append(String.format(Locale.ROOT, "Soak: %s of mixed traffic from %d threads over the API's pool of %d, the cleanup every %d s;"
                        + " %s, Java %s, %d cores, %s UTC.%n%n", duration, threads, pool, CleanupLoop.EVERY.toSeconds(), server,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)));
        out.append(String.format(Locale.ROOT, "Throughput: %,d calls in %.1f s, %,.0f calls/s; %,d registrations completed (%,.1f/s).%n",
                calls, seconds, calls / seconds, traffic.answered.get(SoakChecks.ACTIVE_MEMBERSHIPS),
                traffic.answered.get(SoakChecks.ACTIVE_MEMBERSHIPS) / seconds));
        out.append(String.format(Locale.ROOT, "Errors: %d%s. Answers a step does not allow: %d%s.%n%n", traffic.errors.total(),
                traffic.errors.total() == 0 ? "" : " " + traffic.errors.snapshot(), traffic.unexpected.total(),
                traffic.unexpected.total() == 0 ? "" : " " + traffic.unexpected.snapshot()));
        out.append("| call | calls | calls/s | p50 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- | --- |\n");
        figures.values().forEach(f -> out.append(String.format(Locale.ROOT, "| %s | %,d | %,.1f | %.2f | %.2f | %.0f |%n",
                f.call(), f.calls(), f.calls() / seconds, f.p50Millis(), f.p99Millis(), f.maxMillis())));
        out.append(String.format(Locale.ROOT, "%nCleanup: %d runs deleted %,d of the %,d expired rows given.%n%n", cleanup.runs(),
                cleanup.deleted(), cleanup.inserted()));
        out.append("| count | the answers say | the database holds | |\n| --- | --- | --- | --- |\n");
        checks.forEach(c -> out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s |%n", c.what(), c.expected(), c.actual(),
                c.holds() ? "equal" : "DIFFERENT")));
        return out.toString();
    }

    private static String serverVersion(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1).split(" ")[0];
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[soak] " + format + "%n", args);
    }
}
