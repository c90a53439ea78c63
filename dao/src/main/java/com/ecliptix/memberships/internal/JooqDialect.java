package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.jooq.SQLDialect;

/**
 * The jOOQ dialect for the engine behind a data source, and the one place that records how the API
 * runs on SQL Server with jOOQ's open-source edition, which has no SQL Server dialect.
 *
 * <p>The schema module's {@code Engine.of} tells the migrator the same two engines apart; the dao does not
 * depend on the schema module, so that applications do not inherit Flyway, and needs a jOOQ dialect,
 * which {@code Engine} does not know about.
 *
 * <p>The routine classes are generated from the PostgreSQL catalog (see the codegen module). On SQL
 * Server the dialect is {@link SQLDialect#DEFAULT} over mssql-jdbc; on both engines {@link RoutineCalls}
 * executes each generated routine as plain JDBC ({@link RoutineStatement}, {@link TableFunctionStatement}).
 * What differs, and how it is handled:
 * <ul>
 *   <li><b>Procedure calls.</b> The JDBC call escape {@code { call "dbo"."Name"(?, ...) }}, which
 *       mssql-jdbc turns into an RPC call; SQL Server accepts the double-quoted names because JDBC sessions
 *       run with {@code QUOTED_IDENTIFIER ON}. Scalar functions are {@code { ? = call "dbo"."GetConfigValue"(?) }},
 *       which SQL Server runs as {@code EXEC @result = dbo.GetConfigValue @key}. PostgreSQL runs procedures
 *       with its own {@code CALL}, because its driver turns the escape into a {@code SELECT}.</li>
 *   <li><b>Output parameters.</b> PostgreSQL outputs are {@code INOUT ... DEFAULT NULL}, bound as NULL inputs
 *       and registered as outputs; T-SQL {@code OUTPUT} parameters receive that NULL as their input, which the
 *       routines ignore (they assign every output).</li>
 *   <li><b>Table-valued functions.</b> Their columns are qualified by an alias, {@code f."Col"}: T-SQL rejects
 *       {@code "dbo"."Fn"."Col"}.</li>
 *   <li><b>UNIQUEIDENTIFIER ↔ uuid.</b> {@code UUID} travels as its text on SQL Server, natively on PostgreSQL
 *       ({@link JdbcType}).</li>
 *   <li><b>BIT ↔ boolean.</b> Bound and read as {@code Boolean}; no conversion needed.</li>
 *   <li><b>DATETIME2(7) ↔ timestamp(6) ↔ {@code Instant}.</b> Both columns hold UTC without a zone; the
 *       generated code maps them to {@code Instant} through {@link com.ecliptix.memberships.jooq.UtcInstantConverter}
 *       (LocalDateTime at UTC), so neither the JVM's nor the server's time zone takes part. SQL Server keeps
 *       100 ns, PostgreSQL 1 µs: values written by the API carry microseconds at most.</li>
 *   <li><b>VARBINARY(MAX) ↔ bytea.</b> Generated as {@code VARBINARY} (a forced type in the dao pom), not
 *       {@code BLOB}, so mssql-jdbc registers {@code SecureKey} as a writable VARBINARY output.</li>
 *   <li><b>Errors.</b> Every failure becomes an exception under
 *       {@link com.ecliptix.memberships.EcliptixMembershipsException}, read in one place,
 *       {@link DatabaseFailures}. SQL Server's error numbers that matter: 1205 (deadlock victim) is a retryable
 *       conflict; 1222 (lock request timeout) and 51001 (the routines' {@code ecliptix_internal.lock_subject}: the
 *       subject's application lock not granted within {@code Locking.LockTimeoutMilliseconds}) are a retryable
 *       lock timeout; 50001 ({@code lock_subject} called without a transaction, or {@code sp_getapplock} failing
 *       otherwise) is a routine failure; 2601/2627 (duplicate key) would mean a uniqueness rule caught a race the
 *       locks should have prevented.</li>
 *   <li><b>Isolation.</b> Every call runs at READ COMMITTED, in a transaction committed before it answers (see
 *       {@link Transactions}); the T-SQL routines serialise on transaction-owned application locks
 *       ({@code sp_getapplock} through {@code lock_subject}), which SQL Server honours under READ COMMITTED and
 *       under READ_COMMITTED_SNAPSHOT alike, and take no table lock hints.</li>
 * </ul>
 */
public final class JooqDialect {

    /**
     * The system properties (jOOQ's documented switches) that keep jOOQ's logo, its "tip of the day" and its
     * "database version is supported" line out of the application's INFO log.
     */
    static final Map<String, String> QUIET = Map.of(
            "org.jooq.no-logo", "true",
            "org.jooq.no-tips", "true",
            "org.jooq.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport", "WARN");

    static {
        // jOOQ logs them when it first renders or runs SQL (SecurityEvents' query; the routine calls are plain
        // JDBC); every way into the API passes here first. An application's own setting of one is kept.
        quiet(System.getProperties());
    }

    private JooqDialect() {
    }

    static void quiet(Properties properties) {
        QUIET.forEach(properties::putIfAbsent);
    }

    /** {@link SQLDialect#POSTGRES} or, for SQL Server, {@link SQLDialect#DEFAULT}; opens and closes one connection. */
    public static SQLDialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection);
        } catch (SQLException e) {
            throw DatabaseFailures.connecting(e);
        }
    }

    /** The dialect of a connection's engine, from the product name its driver reports (no round trip). */
    static SQLDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return SQLDialect.POSTGRES;
        }
        if (product.contains("sql server")) {
            return SQLDialect.DEFAULT;
        }
        throw new ConfigurationException("Unsupported database: " + product + "; give the API a data source of PostgreSQL or SQL Server");
    }
}
