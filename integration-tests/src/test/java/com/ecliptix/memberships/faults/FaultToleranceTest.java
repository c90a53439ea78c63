package com.ecliptix.memberships.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ecliptix.memberships.ConnectionLostException;
import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.ErrorKind;
import com.ecliptix.memberships.LockTimeoutException;
import com.ecliptix.memberships.configuration.ConfigUpdateOutcome;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.login.LoginResult;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.EmbeddedPostgresServer;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.HeldLock;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.testing.ThrowawayDatabaseExtension;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.OtpCheck;
import com.ecliptix.memberships.verification.OtpCheckOutcome;
import com.ecliptix.memberships.verification.PhoneFlowStart;
import com.ecliptix.memberships.verification.Purpose;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults injected where an application meets the database, through the API over a HikariCP pool of the
 * application's login, on a server this class owns so that it may end sessions, hold locks and restart it:
 * on PostgreSQL an embedded server of its own ({@link EmbeddedPostgresServer#temporary()}, also when a local
 * PostgreSQL answers), on SQL Server the one {@code ECLIPTIX_DB_URL} names (skipped with the reason without
 * one), where every fault but the restart can be injected (KILL ends a session; the server is shared).
 *
 * <p>Each fault ends with the same three checks: the failure is a typed {@link EcliptixMembershipsException}
 * that says truthfully whether the call may have taken effect, the database holds what the answers said
 * (rows counted from another connection), and the same API object serves the next call.
 */
class FaultToleranceTest {

    /** How long the test's own lock bound is: short, to keep the test quick; the holder keeps its lock longer. */
    private static final Duration LOCK_BOUND = Duration.ofSeconds(1);
    /** The routines bound their lock waits from this schema version on ({@code Locking.LockTimeoutMilliseconds}). */
    private static final int BOUNDED_LOCKS_VERSION = 6;
    private static final String LOCK_BOUND_KEY = "Locking.LockTimeoutMilliseconds";
    /** Kinds a call may fail with while its server is down or restarting: each says nothing was sent or the connection broke. */
    private static final Set<ErrorKind> OUTAGE_KINDS = Set.of(ErrorKind.CONNECTION_LOST, ErrorKind.CONNECTION_UNAVAILABLE,
            ErrorKind.CONNECTION_UNREACHABLE);
    private static final Duration GUARD = Duration.ofMinutes(2);
    private static final byte[] OTP_KEY = new SecureRandom().generateSeed(32);

    private static Engine engine;
    /** The PostgreSQL server of this class; null on SQL Server. */
    private static EmbeddedPostgresServer embedded;
    private static TestDatabase db;
    private static String unavailable;

    @BeforeAll
    static void ownServer() {
        engine = ThrowawayDatabaseExtension.requestedEngine().orElse(Engine.POSTGRESQL);
        DatabaseServer server;
        if (engine == Engine.POSTGRESQL) {
            embedded = EmbeddedPostgresServer.temporary();
            server = embedded.asDatabaseServer();
        } else {
            Optional<DatabaseServer> found = DatabaseServers.find(Engine.SQLSERVER);
            if (found.isEmpty()) {
                unavailable = "skipped: " + DatabaseServers.unavailableReason(Engine.SQLSERVER);
                return;
            }
            server = found.get();
        }
        db = TestDatabase.empty(server);
        db.migrateToLatest();
    }

    @AfterAll
    static void dropAndStop() {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            if (embedded != null) {
                embedded.stop();
            }
        }
    }

    @BeforeEach
    void skipWithoutServer() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    // ---------------------------------------------------------------------------------------------
    // a. A backend killed in the middle of a call
    // ---------------------------------------------------------------------------------------------

    @Test
    void backendKilledDuringALoginIsAConnectionLostWithTheOutcomeUnknownWritesNothingAndTheNextCallWorks() throws Exception {
        String phone = new Fixtures(db).activeMember(new byte[] {7, 7});
        long rows = db.totalRows();
        try (HikariDataSource pool = applicationPool("killed-login", 1, config -> { });
             EcliptixMemberships api = EcliptixMemberships.builder().dataSource(pool).build()) {
            int session = sessionOf(pool);
            ExecutorService caller = Executors.newSingleThreadExecutor();
            try (HeldLock held = HeldLock.hold(db, "phone:" + phone)) {
                Future<LoginResult> login = caller.submit(() -> api.logins().login(phone));
                held.awaitWaiter(session, login);
                db.endSession(session);

                ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, failureOf(login));
                assertEquals(ErrorKind.CONNECTION_LOST, lost.kind());
                assertEquals("LoginMembership", lost.routine());
                // One statement in auto-commit: the engine commits it itself, so the API cannot know how far it got.
                assertFalse(lost.nothingWritten(), lost.getMessage());
                assertFalse(lost.isRetryable(), "an unknown outcome is not retryable");
                assertFalse(lost.getMessage().contains(phone.substring(1)), lost.getMessage());
            } finally {
                caller.shutdownNow();
            }
            assertEquals(rows, db.totalRows(), "the killed call wrote nothing");

            assertEquals(LoginOutcome.SUCCESS, api.logins().login(phone).outcome(), "the same API object works again");
            assertEquals(rows + 1, db.totalRows(), "the next call wrote its attempt");
        }
    }

    @Test
    void backendKilledInTheSecondCallOfAFlowStepIsARetryableConnectionLostAndTheStepsFirstCallIsUndone() throws Exception {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.Phone phone = fixtures.phone(fixtures.device());
        UUID secondDevice = fixtures.device();
        // A pending flow of the second device past its ExpiresAt: InitiateVerificationFlow expires it, and
        // waits there for the row lock the holder keeps, after EnsurePhoneNumber associated the device.
        UUID stale = fixtures.newFlow(secondDevice, phone.id(), "registration", null);
        db.backdate("VerificationFlows", "ExpiresAt", Duration.ofHours(1), "\"UniqueId\" = ?", stale);
        long rows = db.totalRows();
        try (HikariDataSource pool = applicationPool("killed-step", 1, config -> { });
             EcliptixMemberships api = EcliptixMemberships.builder().dataSource(pool).build()) {
            int session = sessionOf(pool);
            ExecutorService caller = Executors.newSingleThreadExecutor();
            try (HeldLock held = HeldLock.rows(db,
                    "UPDATE dbo.\"VerificationFlows\" SET \"ConnectionId\" = \"ConnectionId\" WHERE \"UniqueId\" = ?", stale)) {
                Future<PhoneFlowStart> start = caller.submit(() -> api.verification()
                        .startForPhoneNumber(secondDevice, phone.number(), null, Purpose.REGISTRATION, null));
                held.awaitWaiter(session, start);
                db.endSession(session);

                ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, failureOf(start));
                assertEquals("InitiateVerificationFlow", lost.routine(), "killed in the step's second call");
                // The step's own transaction was never committed: the engine rolled all of it back.
                assertTrue(lost.nothingWritten(), lost.getMessage());
                assertTrue(lost.isRetryable());
            } finally {
                caller.shutdownNow();
            }
            assertEquals(rows, db.totalRows(), "the killed step wrote nothing");
            assertEquals(0, associations(phone.id(), secondDevice), "the association of the step's first call was undone");
            assertEquals("pending", db.queryString("SELECT \"Status\" FROM dbo.\"VerificationFlows\" WHERE \"UniqueId\" = ?", stale));

            PhoneFlowStart again = api.verification().startForPhoneNumber(secondDevice, phone.number(), null, Purpose.REGISTRATION, null);
            assertEquals(FlowStartOutcome.CREATED, again.flow().outcome(), "the same API object repeats the step");
            assertEquals(1, associations(phone.id(), secondDevice));
            assertEquals("expired", db.queryString("SELECT \"Status\" FROM dbo.\"VerificationFlows\" WHERE \"UniqueId\" = ?", stale));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // b. The server restarted while threads call the API
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "stopped {0}, pool autoCommit={1}")
    @CsvSource({"immediately, true", "immediately, false", "fast, true"})
    void serverRestartedWhileThreadsCallKeepsEveryAcknowledgedWriteTypesEveryFailureAndTheSameApiWorksAgain(
            String stopMode, boolean autoCommit) throws Exception {
        Assumptions.assumeTrue(embedded != null, "restarts its server, which this class owns only on PostgreSQL (an"
                + " embedded one); the SQL Server it was given is shared");
        int threads = 8;
        try (HikariDataSource pool = applicationPool("restarted", 10, config -> {
            config.setAutoCommit(autoCommit);
            // Calls during the outage give up within seconds instead of HikariCP's 30.
            config.setConnectionTimeout(2_000);
        }); EcliptixMemberships api = EcliptixMemberships.builder().dataSource(pool).build();
             RegistrationTraffic traffic = new RegistrationTraffic(api, threads)) {
            traffic.awaitAcknowledgedPerThread(5, GUARD);
            if (stopMode.equals("immediately")) {
                embedded.stopImmediately();
            } else {
                embedded.stop();
            }
            Thread.sleep(1_500);
            embedded.start();
            traffic.awaitAcknowledgedPerThread(5, GUARD);
            traffic.stop();

            assertEquals(List.of(), traffic.untyped(), "every failure is an EcliptixMembershipsException");
            assertEquals(List.of(), traffic.unexpected(), "every answered call answered as expected");
            List<RegistrationTraffic.Failure> failures = traffic.failures();
            assertFalse(failures.isEmpty(), "the callers met the outage");
            for (RegistrationTraffic.Failure failure : failures) {
                assertTrue(OUTAGE_KINDS.contains(failure.error().kind()), failure.error().kind() + ": " + failure.error());
                if (failure.error().isRetryable()) {
                    // Retryable means the failed attempt wrote nothing.
                    assertEquals(0, written(failure.call(), failure.subject()), "a retryable " + failure);
                }
            }
            List<RegistrationTraffic.Acknowledged> acknowledged = traffic.acknowledged();
            long kept = acknowledged.stream().filter(a -> writtenById(a.call(), a.id()) == 1).count();
            assertEquals(acknowledged.size(), kept, "every acknowledged write is there after the restart");
            System.out.printf("[faults] restart (stopped %s, autoCommit=%s): %d acknowledged, all kept; failures by kind %s,"
                            + " of which retryable %d; unknown outcomes written %d of %d%n", stopMode, autoCommit,
                    acknowledged.size(), byKind(failures), failures.stream().filter(f -> f.error().isRetryable()).count(),
                    failures.stream().filter(f -> !f.error().isRetryable() && written(f.call(), f.subject()) > 0).count(),
                    failures.stream().filter(f -> !f.error().isRetryable()).count());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // c. A lock held elsewhere
    // ---------------------------------------------------------------------------------------------

    @Test
    void phoneLockHeldElsewhereEndsTheLoginWithALockTimeoutAtTheOperatorsBoundAndWritesNothing() throws Exception {
        Assumptions.assumeTrue(Integer.parseInt(EcliptixMemberships.SCHEMA_VERSION) >= BOUNDED_LOCKS_VERSION,
                "the routines bound their lock waits (" + LOCK_BOUND_KEY + ") from schema version " + BOUNDED_LOCKS_VERSION
                        + "; this API is at version " + EcliptixMemberships.SCHEMA_VERSION);
        String phone = new Fixtures(db).activeMember(new byte[] {9});
        try (EcliptixMemberships operator = EcliptixMemberships.builder().dataSource(db.ownerDataSource()).build();
             HikariDataSource pool = applicationPool("held-lock", 2, config -> { });
             EcliptixMemberships api = EcliptixMemberships.builder().dataSource(pool).build()) {
            Optional<String> previous = operator.configuration().value(LOCK_BOUND_KEY);
            assertTrue(Set.of(ConfigUpdateOutcome.UPDATED, ConfigUpdateOutcome.CREATED)
                    .contains(operator.configuration().set(LOCK_BOUND_KEY, Long.toString(LOCK_BOUND.toMillis()))));
            try {
                long rows = db.totalRows();
                ExecutorService caller = Executors.newSingleThreadExecutor();
                LockTimeoutException timeout;
                long waitedMillis;
                try (HeldLock held = HeldLock.hold(db, "phone:" + phone)) {
                    long start = System.nanoTime();
                    Future<LoginResult> login = caller.submit(() -> api.logins().login(phone));
                    Throwable failure = failureOf(login);
                    waitedMillis = (System.nanoTime() - start) / 1_000_000;
                    // Still held here: the call ended because of its bound, not because the lock was freed.
                    timeout = assertInstanceOf(LockTimeoutException.class, failure);
                } finally {
                    caller.shutdownNow();
                }
                assertTrue(waitedMillis >= LOCK_BOUND.toMillis(), "waited " + waitedMillis + " ms, the bound is " + LOCK_BOUND);
                assertTrue(timeout.sqlException().orElseThrow().getMessage().contains("within " + LOCK_BOUND.toMillis() + " ms"),
                        "the operator's bound applied: " + timeout.sqlException().orElseThrow().getMessage());
                assertEquals(ErrorKind.LOCK_TIMEOUT, timeout.kind());
                assertTrue(timeout.isRetryable());
                assertEquals("LoginMembership", timeout.routine());
                assertEquals(Optional.of("phone"), timeout.subjectKind());
                assertFalse(timeout.getMessage().contains(phone.substring(1)), timeout.getMessage());
                assertEquals(rows, db.totalRows(), "the timed-out login wrote nothing");
                System.out.printf("[faults] held phone lock: LockTimeoutException after %d ms (bound %d ms)%n",
                        waitedMillis, LOCK_BOUND.toMillis());

                assertEquals(LoginOutcome.SUCCESS, api.logins().login(phone).outcome(), "once freed, the lock is taken");
            } finally {
                if (previous.isPresent()) {
                    operator.configuration().set(LOCK_BOUND_KEY, previous.get());
                } else {
                    db.update("DELETE FROM dbo.\"SystemConfiguration\" WHERE \"ConfigKey\" = ?", LOCK_BOUND_KEY);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // d. 64 callers on one phone over a pool of 10
    // ---------------------------------------------------------------------------------------------

    @Test
    void sixtyFourCallersOnOnePhoneOverAPoolOfTenAreEachAnsweredAndTheLimitsAreExact() throws Exception {
        int callers = 64;
        ConnectionSettings login = db.applicationLogin().settings();
        try (EcliptixMemberships api = EcliptixMemberships.builder().jdbc(login.jdbcUrl(), login.user(), login.password())
                .maximumPoolSize(10).otpKey(OTP_KEY).build()) {
            int maxChecks = api.configuration().limit(Limit.MAX_OTP_ATTEMPTS);
            int maxFailedLogins = api.configuration().limit(Limit.MAX_FAILED_LOGINS);
            UUID device = api.devices().register(UUID.randomUUID(), UUID.randomUUID()).deviceUniqueId();
            String phone = Phones.unique();
            UUID flow = api.verification().startForPhoneNumber(device, phone, "US", Purpose.REGISTRATION, null)
                    .flow().flowUniqueId().orElseThrow();
            String code = api.verification().issueCode(flow, Instant.now().plus(Duration.ofMinutes(10))).code().orElseThrow().digits();
            String wrong = code.equals("000000") ? "000001" : "000000";

            // Each caller checks a wrong code for the phone's flow, then logs in with the phone (no membership yet).
            // A lock not granted within the bound is an answer too (the bound doing its job when the server is
            // slow); the caller repeats the call, as the exception says, and the counts below still hold.
            AtomicInteger lockTimeouts = new AtomicInteger();
            List<Answers> answers = Concurrently.run(callers, i -> new Answers(
                    repeatingLockTimeouts(() -> api.verification().verifyCode(flow, wrong), lockTimeouts),
                    repeatingLockTimeouts(() -> api.logins().login(phone), lockTimeouts)));

            assertEquals(callers, answers.size(), "every call answered");
            Map<OtpCheckOutcome, Integer> checks = new EnumMap<>(OtpCheckOutcome.class);
            Map<LoginOutcome, Integer> logins = new EnumMap<>(LoginOutcome.class);
            answers.forEach(a -> {
                checks.merge(a.check().outcome(), 1, Integer::sum);
                logins.merge(a.login().outcome(), 1, Integer::sum);
            });
            assertEquals(Map.of(OtpCheckOutcome.INVALID_CODE, maxChecks - 1, OtpCheckOutcome.MAX_FAILED_ATTEMPTS_REACHED, 1,
                    OtpCheckOutcome.FLOW_NOT_FOUND_OR_INVALID, callers - maxChecks), checks);
            assertEquals(maxChecks, db.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow), "exactly the limit counted");
            assertEquals(Map.of(LoginOutcome.MEMBERSHIP_NOT_FOUND, maxFailedLogins, LoginOutcome.LOCKED_OUT,
                    callers - maxFailedLogins), logins);
            assertEquals(maxFailedLogins, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" <> 'locked_out'", phone));
            assertEquals(1, db.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone),
                    "one lockout, started by the failure that reached the limit");
            assertEquals(1, db.count("EventLog", "\"EventType\" = 'otp_check_limit' AND \"Message\" LIKE ?", "%" + flow + "%"));
            System.out.printf("[faults] 64 callers over a pool of 10: checks %s, logins %s, lock timeouts repeated %d%n",
                    checks, logins, lockTimeouts.get());
        }
    }

    private record Answers(OtpCheck check, LoginResult login) {
    }

    /** The call's answer, repeating it after a {@link LockTimeoutException} (which wrote nothing) a few times. */
    private static <T> T repeatingLockTimeouts(Supplier<T> call, AtomicInteger lockTimeouts) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (LockTimeoutException e) {
                lockTimeouts.incrementAndGet();
                if (attempt == 10) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A pool of the application's login (holding only ecliptix_app), as an application configures its own. */
    private static HikariDataSource applicationPool(String name, int size, Consumer<HikariConfig> settings) {
        ConnectionSettings login = db.applicationLogin().settings();
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(login.jdbcUrl());
        config.setUsername(login.user());
        config.setPassword(login.password());
        config.setMaximumPoolSize(size);
        settings.accept(config);
        return new HikariDataSource(config);
    }

    /** The server's id of the session behind a pool of one connection. */
    private static int sessionOf(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return HeldLock.sessionId(c, engine);
        }
    }

    /** The exception a call ended with, within the guard. */
    private static Throwable failureOf(Future<?> call) throws InterruptedException {
        try {
            Object result = call.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the call answered " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call did not end within " + GUARD, e);
        }
    }

    private static long associations(UUID phone, UUID device) {
        return db.count("PhoneNumberDevices", "\"PhoneNumberId\" = ? AND \"AppDeviceId\" = ?", phone, device);
    }

    /** Rows a call wrote for its subject: the device of a registration, the phone number of a flow start. */
    private static long written(RegistrationTraffic.Call call, String subject) {
        return switch (call) {
            case REGISTER -> db.count("AppDevices", "\"DeviceId\" = ?", UUID.fromString(subject));
            case START_FLOW -> db.count("PhoneNumbers", "\"PhoneNumber\" = ?", subject);
        };
    }

    /** Whether the row an acknowledged call returned the id of is there. */
    private static long writtenById(RegistrationTraffic.Call call, UUID id) {
        return switch (call) {
            case REGISTER -> db.count("AppDevices", "\"UniqueId\" = ?", id);
            case START_FLOW -> db.count("VerificationFlows", "\"UniqueId\" = ?", id);
        };
    }

    private static Map<ErrorKind, Long> byKind(List<RegistrationTraffic.Failure> failures) {
        Map<ErrorKind, Long> kinds = new EnumMap<>(ErrorKind.class);
        failures.forEach(f -> kinds.merge(f.error().kind(), 1L, Long::sum));
        return kinds;
    }
}
