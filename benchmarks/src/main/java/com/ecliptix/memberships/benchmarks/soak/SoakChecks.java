package com.ecliptix.memberships.benchmarks.soak;

import com.ecliptix.memberships.configuration.Configuration;
import com.ecliptix.memberships.configuration.Limit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the database holds after the soak, against what the callers were answered: every count must be equal.
 * The limits are held exactly: a hot phone has exactly MaxFailedAttempts counted failures and one lockout, a
 * hot flow exactly OTP.MaxAttempts failed checks, a hot member exactly MaxContextsPerMembership active
 * sessions; and the cleanup deleted every expired row it was given and none of the soak's.
 */
final class SoakChecks {

    // The tallies' names: what an answer wrote.
    static final String ACTIVE_MEMBERSHIPS = "memberships made active";
    static final String FAILED_OTP_CHECKS = "failed OTP checks counted";
    static final String LOGIN_ATTEMPTS = "login attempts logged";
    static final String SESSIONS_OPENED = "sessions opened";
    static final String SESSIONS_LOGGED_OUT = "sessions logged out";
    static final String HOT_PHONE = "hot phone ";
    static final String HOT_FLOW = "hot flow ";
    static final String HOT_MEMBER_SESSIONS = "hot member sessions ";

    /** One count: what the answers say, what the database holds. */
    record Check(String what, long expected, long actual) {
        boolean holds() {
            return expected == actual;
        }
    }

    private final DataSource owner;
    private final List<Check> checks = new ArrayList<>();

    private SoakChecks(DataSource owner) {
        this.owner = owner;
    }

    static List<Check> of(DataSource owner, Configuration limits, MixedTraffic traffic, CleanupLoop cleanup) throws SQLException {
        SoakChecks c = new SoakChecks(owner);
        Tally answered = traffic.answered;
        c.add("active memberships", answered.get(ACTIVE_MEMBERSHIPS), c.count("Memberships", "\"Status\" = 'active'"));
        c.add("FailedOtpAttempts rows", answered.get(FAILED_OTP_CHECKS), c.count("FailedOtpAttempts", "1 = 1"));
        c.add("LoginAttempts rows of the soak's phones", answered.get(LOGIN_ATTEMPTS), c.count("LoginAttempts", "\"PhoneNumber\" LIKE '+1%'"));
        c.add("AuthenticationContexts rows", answered.get(SESSIONS_OPENED), c.count("AuthenticationContexts", "1 = 1"));
        c.add("sessions ended as logged_out", answered.get(SESSIONS_LOGGED_OUT),
                c.count("AuthenticationContexts", "\"EndReason\" = 'logged_out'"));

        int maxFailedLogins = limits.limit(Limit.MAX_FAILED_LOGINS);
        long hotCalls = 0;
        long counted = 0;
        long answeredNotFound = 0;
        long lockouts = 0;
        long expectedLockouts = 0;
        for (String phone : traffic.hotPhones()) {
            long notFound = answered.get(HOT_PHONE + phone + ":PHONE_NUMBER_NOT_FOUND");
            long calls = notFound + answered.get(HOT_PHONE + phone + ":LOCKED_OUT");
            hotCalls += calls;
            answeredNotFound += notFound;
            counted += c.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"Outcome\" <> 'locked_out'", phone);
            lockouts += c.count("LoginAttempts", "\"PhoneNumber\" = ? AND \"LockedUntil\" IS NOT NULL", phone);
            expectedLockouts += calls >= maxFailedLogins ? 1 : 0;
        }
        long expectedCounted = traffic.hotPhones().stream().mapToLong(phone -> Math.min(maxFailedLogins,
                answered.get(HOT_PHONE + phone + ":PHONE_NUMBER_NOT_FOUND") + answered.get(HOT_PHONE + phone + ":LOCKED_OUT"))).sum();
        c.add("hot unknown phones (" + traffic.hotPhones().size() + ", " + hotCalls + " logins): failures answered, "
                + maxFailedLogins + " each", expectedCounted, answeredNotFound);
        c.add("hot unknown phones: failures counted in LoginAttempts", expectedCounted, counted);
        c.add("hot unknown phones: lockouts", expectedLockouts, lockouts);

        int maxChecks = limits.limit(Limit.MAX_OTP_ATTEMPTS);
        long hotChecks = 0;
        long expectedFailed = 0;
        long failed = 0;
        long limitAnswers = 0;
        long expectedLimitAnswers = 0;
        for (UUID flow : traffic.hotFlows()) {
            long calls = answered.get(HOT_FLOW + flow + ":INVALID_CODE") + answered.get(HOT_FLOW + flow + ":MAX_FAILED_ATTEMPTS_REACHED")
                    + answered.get(HOT_FLOW + flow + ":FLOW_NOT_FOUND_OR_INVALID");
            hotChecks += calls;
            expectedFailed += Math.min(maxChecks, calls);
            failed += c.count("FailedOtpAttempts", "\"FlowUniqueId\" = ?", flow);
            limitAnswers += answered.get(HOT_FLOW + flow + ":MAX_FAILED_ATTEMPTS_REACHED");
            expectedLimitAnswers += calls >= maxChecks ? 1 : 0;
        }
        c.add("hot flows (" + traffic.hotFlows().size() + ", " + hotChecks + " wrong codes): failed checks counted, "
                + maxChecks + " each", expectedFailed, failed);
        c.add("hot flows: answered max_failed_attempts_reached", expectedLimitAnswers, limitAnswers);
        c.add("hot flows: failed", expectedLimitAnswers, c.count("VerificationFlows", "\"Status\" = 'failed'"));

        int maxSessions = limits.limit(Limit.MAX_SESSIONS_PER_MEMBERSHIP);
        long expectedActive = 0;
        long active = 0;
        for (UUID membership : traffic.hotMembers()) {
            // Opened by registration (then left active) and by the hot steps (never ended).
            long opened = 1 + answered.get(HOT_MEMBER_SESSIONS + membership);
            expectedActive += Math.min(maxSessions, opened);
            active += c.count("AuthenticationContexts", "\"MembershipUniqueId\" = ? AND \"IsActive\" = true", membership);
        }
        c.add("hot members (" + traffic.hotMembers().size() + "): active sessions, " + maxSessions + " each", expectedActive, active);
        c.add("memberships over " + maxSessions + " active sessions", 0, c.queryLong("SELECT count(*) FROM (SELECT 1 FROM"
                + " dbo.\"AuthenticationContexts\" WHERE \"IsActive\" = true GROUP BY \"MembershipUniqueId\" HAVING count(*) > ?) AS x",
                maxSessions));

        c.add("expired attempt rows left (" + cleanup.inserted() + " given, " + cleanup.deleted() + " deleted)",
                cleanup.inserted() - cleanup.deleted(), c.count("LoginAttempts", "\"PhoneNumber\" LIKE '" + CleanupLoop.PHONE_PREFIX + "%'"));
        return List.copyOf(c.checks);
    }

    private void add(String what, long expected, long actual) {
        checks.add(new Check(what, expected, actual));
    }

    private long count(String table, String condition, Object... parameters) throws SQLException {
        return queryLong("SELECT count(*) FROM dbo.\"" + table + "\" WHERE " + condition, parameters);
    }

    private long queryLong(String sql, Object... parameters) throws SQLException {
        try (Connection c = owner.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
