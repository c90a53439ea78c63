package com.ecliptix.memberships;

import com.ecliptix.memberships.configuration.Configuration;
import com.ecliptix.memberships.device.Devices;
import com.ecliptix.memberships.internal.ConnectionPools;
import com.ecliptix.memberships.internal.DomainConstructors;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.JooqDialect;
import com.ecliptix.memberships.internal.ReadCommittedConnections;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.internal.SchemaVersionCheck;
import com.ecliptix.memberships.login.Logins;
import com.ecliptix.memberships.maintenance.Maintenance;
import com.ecliptix.memberships.membership.Memberships;
import com.ecliptix.memberships.phone.PhoneNumbers;
import com.ecliptix.memberships.session.Sessions;
import com.ecliptix.memberships.verification.OtpKey;
import com.ecliptix.memberships.verification.Verification;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the EcliptixMemberships data-access API: one typed object per domain, each call
 * a stored routine of the schema.
 *
 * <pre>{@code
 * try (EcliptixMemberships db = EcliptixMemberships.builder()
 *         .jdbc(url, user, password)
 *         .otpKeyFromEnvironment("ECLIPTIX_OTP_KEY")
 *         .build()) {
 *     DeviceRegistration device = db.devices().register(appInstanceId, deviceId);
 *     ...
 * }
 * }</pre>
 *
 * {@link #connect} and {@link #using} build it without an OTP key, for applications that hash codes
 * themselves. Every way of building it checks first that the database is at {@link #SCHEMA_VERSION}.
 *
 * Instances are thread-safe. Every call runs at READ COMMITTED in its own transaction, or in the
 * transaction of the flow step it belongs to.
 */
public final class EcliptixMemberships implements AutoCloseable {

    /** The pool size {@link #connect(String, String, String)} uses. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /**
     * The schema version this API was generated from: the highest versioned migration of both engines,
     * which sets {@code Schema.Version} to it.
     */
    public static final String SCHEMA_VERSION = "6";
    /** Longer JDBC URLs are refused: they would make unreadable error and log lines. */
    public static final int MAX_JDBC_URL_LENGTH = 999;

    private static final Logger LOG = LoggerFactory.getLogger(EcliptixMemberships.class);

    private final HikariDataSource ownPool;
    private final Devices devices;
    private final PhoneNumbers phoneNumbers;
    private final Verification verification;
    private final Memberships memberships;
    private final Logins logins;
    private final Sessions sessions;
    private final Configuration configuration;
    private final Maintenance maintenance;

    private EcliptixMemberships(DataSource dataSource, HikariDataSource ownPool, OtpKey otpKey, int otpCodeLength) {
        this.ownPool = ownPool;
        SQLDialect dialect = JooqDialect.of(dataSource);
        // The pool built here opens its connections at READ COMMITTED; a caller's is checked once per connection.
        ReadCommittedConnections connections = ownPool != null
                ? ReadCommittedConnections.setByPool(ownPool)
                : ReadCommittedConnections.checkedOnce(dataSource);
        // No execute logging: nothing to do per call beyond the call, and bind values (keys, hashes) stay out of logs.
        RoutineCalls routines = new RoutineCalls(DSL.using(connections, dialect, new Settings().withExecuteLogging(false)));
        SchemaVersionCheck.require(routines, SCHEMA_VERSION);
        LOG.debug("EcliptixMemberships schema version {} ({}), OTP key {}", SCHEMA_VERSION,
                dialect == SQLDialect.POSTGRES ? "PostgreSQL" : "SQL Server", otpKey == null ? "not configured" : "configured");
        this.devices = DomainConstructors.create(Devices.class, routines);
        this.phoneNumbers = DomainConstructors.create(PhoneNumbers.class, routines);
        this.verification = DomainConstructors.verification(routines, otpKey, otpCodeLength);
        this.memberships = DomainConstructors.create(Memberships.class, routines);
        this.logins = DomainConstructors.create(Logins.class, routines);
        this.sessions = DomainConstructors.create(Sessions.class, routines);
        this.configuration = DomainConstructors.create(Configuration.class, routines);
        this.maintenance = DomainConstructors.create(Maintenance.class, routines);
    }

    /** Settings for an API with an OTP key (generated codes), over a data source or a pool it builds. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Uses a data source the caller owns (and closes), without an OTP key. PostgreSQL and SQL Server are
     * recognised from the connection; one connection is opened here to find out which and to check the
     * schema version.
     *
     * @throws SchemaVersionException when the database is not at {@link #SCHEMA_VERSION}
     */
    public static EcliptixMemberships using(DataSource dataSource) {
        return new EcliptixMemberships(Inputs.required("dataSource", dataSource), null, null, Verification.DEFAULT_CODE_LENGTH);
    }

    /**
     * Builds a HikariCP pool of {@value #DEFAULT_POOL_SIZE} connections from JDBC settings, without an OTP
     * key; {@link #close()} closes it.
     *
     * @throws SchemaVersionException when the database is not at {@link #SCHEMA_VERSION}
     */
    public static EcliptixMemberships connect(String jdbcUrl, String user, String password) {
        return connect(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    /** Builds a HikariCP pool of the given size from JDBC settings, without an OTP key; {@link #close()} closes it. */
    public static EcliptixMemberships connect(String jdbcUrl, String user, String password, int maximumPoolSize) {
        return pooled(jdbcUrl, user, password, maximumPoolSize, null, Verification.DEFAULT_CODE_LENGTH);
    }

    private static EcliptixMemberships pooled(
            String jdbcUrl, String user, String password, int maximumPoolSize, OtpKey otpKey, int otpCodeLength) {
        Inputs.text("jdbcUrl", jdbcUrl, MAX_JDBC_URL_LENGTH);
        Inputs.positive("maximumPoolSize", maximumPoolSize);
        HikariDataSource pool = new HikariDataSource(
                ConnectionPools.config("ecliptix-memberships", jdbcUrl, user, password, maximumPoolSize));
        try {
            return new EcliptixMemberships(pool, pool, otpKey, otpCodeLength);
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

    /**
     * Settings of an API with an OTP key: a data source or JDBC settings, and the key. The key is checked
     * when it is given, and {@link #build()} refuses to build without one.
     */
    public static final class Builder {

        private DataSource dataSource;
        private String jdbcUrl;
        private String user;
        private String password;
        private int maximumPoolSize = DEFAULT_POOL_SIZE;
        private OtpKey otpKey;
        private int otpCodeLength = Verification.DEFAULT_CODE_LENGTH;

        private Builder() {
        }

        /** A data source the caller owns (and closes). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Inputs.required("dataSource", dataSource);
            return this;
        }

        /** JDBC settings from which a HikariCP pool is built; {@link EcliptixMemberships#close()} closes it. */
        public Builder jdbc(String jdbcUrl, String user, String password) {
            this.jdbcUrl = Inputs.text("jdbcUrl", jdbcUrl, MAX_JDBC_URL_LENGTH);
            this.user = user;
            this.password = password;
            return this;
        }

        /** The size of the pool built from {@link #jdbc}; {@value #DEFAULT_POOL_SIZE} unless set. */
        public Builder maximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = Inputs.positive("maximumPoolSize", maximumPoolSize);
            return this;
        }

        /**
         * The application's OTP key (copied).
         *
         * @throws InvalidInputException when it is null or shorter than {@value OtpKey#MIN_LENGTH} bytes
         */
        public Builder otpKey(byte[] key) {
            this.otpKey = OtpKey.of(key);
            return this;
        }

        /** The application's OTP key. */
        public Builder otpKey(OtpKey key) {
            this.otpKey = Inputs.required("otpKey", key);
            return this;
        }

        /**
         * The OTP key from an environment variable, in base64.
         *
         * @throws InvalidInputException when the variable is not set, not base64, or shorter than
         *                               {@value OtpKey#MIN_LENGTH} bytes; the message names the variable
         */
        public Builder otpKeyFromEnvironment(String variable) {
            this.otpKey = OtpKey.fromEnvironment(variable);
            return this;
        }

        /** The digits of a generated code, {@value Verification#MIN_CODE_LENGTH} to {@value Verification#MAX_CODE_LENGTH}; 6 unless set. */
        public Builder otpCodeLength(int digits) {
            this.otpCodeLength = Verification.codeLength(digits);
            return this;
        }

        /**
         * Connects and checks the schema version.
         *
         * @throws InvalidInputException   when the OTP key is missing, or neither or both of a data source and
         *                                 JDBC settings are given
         * @throws SchemaVersionException  when the database is not at {@link #SCHEMA_VERSION}
         */
        public EcliptixMemberships build() {
            if (otpKey == null) {
                throw new InvalidInputException("otpKey", "is required: set otpKey(...) or otpKeyFromEnvironment(...),"
                        + " at least " + OtpKey.MIN_LENGTH + " bytes (use connect/using for an API without generated codes)");
            }
            if ((dataSource == null) == (jdbcUrl == null)) {
                throw new InvalidInputException("dataSource", "give exactly one of dataSource(...) and jdbc(...)");
            }
            return dataSource != null
                    ? new EcliptixMemberships(dataSource, null, otpKey, otpCodeLength)
                    : pooled(jdbcUrl, user, password, maximumPoolSize, otpKey, otpCodeLength);
        }
    }
}
