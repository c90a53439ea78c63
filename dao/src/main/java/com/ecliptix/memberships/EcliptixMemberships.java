package com.ecliptix.memberships;

import com.ecliptix.memberships.configuration.Configuration;
import com.ecliptix.memberships.device.Devices;
import com.ecliptix.memberships.internal.Database;
import com.ecliptix.memberships.internal.Engines;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.ReadCommittedConnections;
import com.ecliptix.memberships.login.Logins;
import com.ecliptix.memberships.maintenance.Maintenance;
import com.ecliptix.memberships.membership.Memberships;
import com.ecliptix.memberships.phone.PhoneNumbers;
import com.ecliptix.memberships.session.Sessions;
import com.ecliptix.memberships.verification.Verification;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.jooq.impl.DSL;

/**
 * The entry point of the EcliptixMemberships data-access API: one typed object per domain, each call
 * a stored routine of the schema.
 *
 * <pre>{@code
 * try (EcliptixMemberships db = EcliptixMemberships.connect(url, user, password)) {
 *     DeviceRegistration device = db.devices().register(appInstanceId, deviceId);
 *     ...
 * }
 * }</pre>
 *
 * Instances are thread-safe. Every call runs at READ COMMITTED in its own transaction, or in the
 * transaction of the flow step it belongs to.
 */
public final class EcliptixMemberships implements AutoCloseable {

    /** The pool size {@link #connect(String, String, String)} uses. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private final HikariDataSource ownPool;
    private final Devices devices;
    private final PhoneNumbers phoneNumbers;
    private final Verification verification;
    private final Memberships memberships;
    private final Logins logins;
    private final Sessions sessions;
    private final Configuration configuration;
    private final Maintenance maintenance;

    private EcliptixMemberships(DataSource dataSource, HikariDataSource ownPool) {
        this.ownPool = ownPool;
        Database database = new Database(DSL.using(new ReadCommittedConnections(dataSource), Engines.dialectOf(dataSource)));
        this.devices = new Devices(database);
        this.phoneNumbers = new PhoneNumbers(database);
        this.verification = new Verification(database);
        this.memberships = new Memberships(database);
        this.logins = new Logins(database);
        this.sessions = new Sessions(database);
        this.configuration = new Configuration(database);
        this.maintenance = new Maintenance(database);
    }

    /**
     * Uses a data source the caller owns (and closes). PostgreSQL and SQL Server are recognised from
     * the connection; one connection is opened here to find out which.
     */
    public static EcliptixMemberships using(DataSource dataSource) {
        return new EcliptixMemberships(Inputs.required("dataSource", dataSource), null);
    }

    /** Builds a HikariCP pool of {@value #DEFAULT_POOL_SIZE} connections from JDBC settings; {@link #close()} closes it. */
    public static EcliptixMemberships connect(String jdbcUrl, String user, String password) {
        return connect(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    /** Builds a HikariCP pool of the given size from JDBC settings; {@link #close()} closes it. */
    public static EcliptixMemberships connect(String jdbcUrl, String user, String password, int maximumPoolSize) {
        Inputs.text("jdbcUrl", jdbcUrl, 4000);
        Inputs.positive("maximumPoolSize", maximumPoolSize);
        HikariConfig config = new HikariConfig();
        config.setPoolName("ecliptix-memberships");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maximumPoolSize);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            return new EcliptixMemberships(pool, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Device registration. */
    public Devices devices() {
        return devices;
    }

    /** Phone numbers and their devices. */
    public PhoneNumbers phoneNumbers() {
        return phoneNumbers;
    }

    /** Verification flows and their one-time passwords. */
    public Verification verification() {
        return verification;
    }

    /** Memberships: creation, secure keys, recovery. */
    public Memberships memberships() {
        return memberships;
    }

    /** Logins and their lockouts. */
    public Logins logins() {
        return logins;
    }

    /** Sessions after a login: open, validate, refresh, end. */
    public Sessions sessions() {
        return sessions;
    }

    /** The limits and settings stored in SystemConfiguration. */
    public Configuration configuration() {
        return configuration;
    }

    /** Scheduled jobs: the retention cleanup. */
    public Maintenance maintenance() {
        return maintenance;
    }

    /** Closes the pool built by {@link #connect}; a caller's own data source is left open. */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }
}
