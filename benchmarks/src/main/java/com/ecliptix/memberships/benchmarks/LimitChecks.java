package com.ecliptix.memberships.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The four limit-checking routines of one subject whose own history is 10 or 10,000 rows (with 10,000 rows of
 * other subjects in the table), and of a subject with 10 rows in a table of 1,000,000 (see {@link Seeds}).
 * Each call runs in a transaction that is rolled back, so the history stays the size it was seeded with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LimitChecks {

    /** own10, own10k: 10 or 10,000 rows of the subject's own history in a table of 10k others; table1M: 10 in 1M. */
    @Param({"own10", "own10k", "table1M"})
    public String scenario;

    private HikariDataSource pool;
    private Seeds.Subject subject;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        pool = BenchDatabases.pool(scenario);
        subject = Seeds.subject(pool);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** The hammered phone (no membership, a lockout history): phone_number_not_found or locked_out, logged. */
    @Benchmark
    public Object loginMembership() throws SQLException {
        return rolledBack("CALL dbo.\"LoginMembership\"(?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, subject.phoneNumber());
            for (int i = 2; i <= 6; i++) {
                s.setNull(i, i == 2 ? Types.OTHER : i == 4 ? Types.BINARY : i == 5 ? Types.INTEGER : Types.VARCHAR);
            }
            s.registerOutParameter(2, Types.OTHER);
            s.registerOutParameter(3, Types.VARCHAR);
            s.registerOutParameter(4, Types.BINARY);
            s.registerOutParameter(5, Types.INTEGER);
            s.registerOutParameter(6, Types.VARCHAR);
            s.execute();
            return s.getString(6);
        });
    }

    /** A live registration flow on another connection: counted, then verification_flow_not_found (or rate_limited). */
    @Benchmark
    public Object createMembership() throws SQLException {
        return rolledBack("CALL dbo.\"CreateMembership\"(?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, subject.registrationFlow());
            s.setLong(2, 999_999L);
            s.setObject(3, UUID.randomUUID());
            s.setString(4, "otp_verified");
            s.setNull(5, Types.OTHER);
            s.setNull(6, Types.VARCHAR);
            s.setNull(7, Types.INTEGER);
            s.setNull(8, Types.VARCHAR);
            s.registerOutParameter(5, Types.OTHER);
            s.registerOutParameter(6, Types.VARCHAR);
            s.registerOutParameter(7, Types.INTEGER);
            s.registerOutParameter(8, Types.VARCHAR);
            s.execute();
            return s.getString(8);
        });
    }

    /** The (device, phone, login) triple with its history of ended flows: created (or rate_limited). */
    @Benchmark
    public Object initiateVerificationFlow() throws SQLException {
        return rolledBack("CALL dbo.\"InitiateVerificationFlow\"(?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, subject.device());
            s.setObject(2, subject.phoneUniqueId());
            s.setString(3, "login");
            s.setNull(4, Types.BIGINT);
            s.setNull(5, Types.OTHER);
            s.setNull(6, Types.VARCHAR);
            s.registerOutParameter(5, Types.OTHER);
            s.registerOutParameter(6, Types.VARCHAR);
            s.execute();
            return s.getString(6);
        });
    }

    /** A wrong code for a pending flow whose failed checks are its history: counted, then the limit's outcome. */
    @Benchmark
    public Object verifyOtp() throws SQLException {
        return rolledBack("CALL dbo.\"VerifyOtp\"(?, ?, ?, ?, ?)", s -> {
            s.setObject(1, subject.otpFlow());
            s.setString(2, "wrong-hash");
            s.setNull(3, Types.OTHER);
            s.setNull(4, Types.INTEGER);
            s.setNull(5, Types.VARCHAR);
            s.registerOutParameter(3, Types.OTHER);
            s.registerOutParameter(4, Types.INTEGER);
            s.registerOutParameter(5, Types.VARCHAR);
            s.execute();
            return s.getString(5);
        });
    }

    /** Runs one call in a transaction that is rolled back, so the subject's history keeps its seeded size. */
    private Object rolledBack(String sql, Call call) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (CallableStatement s = c.prepareCall(sql)) {
                return call.run(s);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        Object run(CallableStatement statement) throws SQLException;
    }
}
