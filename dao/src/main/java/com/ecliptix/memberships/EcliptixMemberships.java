package com.ecliptix.memberships;

import com.ecliptix.memberships.configuration.Configuration;
import com.ecliptix.memberships.device.Devices;
import com.ecliptix.memberships.internal.ConnectionPools;
import com.ecliptix.memberships.internal.DatabaseFailures;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.internal.SchemaVersionCheck;
import com.ecliptix.memberships.internal.Transactions;
import com.ecliptix.memberships.internal.domain.DefaultConfiguration;
import com.ecliptix.memberships.internal.domain.DefaultDevices;
import com.ecliptix.memberships.internal.domain.DefaultLogins;
import com.ecliptix.memberships.internal.domain.DefaultMaintenance;
import com.ecliptix.memberships.internal.domain.DefaultMemberships;
import com.ecliptix.memberships.internal.domain.DefaultPhoneNumbers;
import com.ecliptix.memberships.internal.domain.DefaultSessions;
import com.ecliptix.memberships.internal.domain.DefaultVerification;
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
 * Without an OTP key it serves applications that hash codes themselves ({@code issueOtp},
 * {@code verifyHash}). {@link Builder#build()} checks first that the database is at {@link #SCHEMA_VERSION}.
 *
 * Instances are thread-safe. Every call runs at READ COMMITTED in its own transaction, or in the
 * transaction of the flow step it belongs to, committed before it answers, whatever the data source's
 * auto-commit and default isolation (what a caller's data source must be: docs/datasource.md).
 */
public final class EcliptixMemberships implements AutoCloseable {

    /** The size of the pool built from {@link Builder#jdbc} unless {@link Builder#maximumPoolSize} says otherwise. */
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
    private final RoutineCalls routines;
    private final Devices devices;
    private final PhoneNumbers phoneNumbers;
    private final Verification verification;
    private final Memberships memberships;
    private final Logins logins;
    private final Sessions sessions;
    private final Configuration configuration;
    private final Maintenance maintenance;
    private final GeneratedRoutines generatedRoutines;

    private EcliptixMemberships(DataSource dataSource, HikariDataSource ownPool, OtpKey otpKey, int otpCodeLength) {
        this.ownPool = ownPool;
        // The pool built here opens its connections at READ COMMITTED; a caller's are asked once each.
        Transactions transactions = Transactions.forWriting(dataSource, ownPool != null);
        SQLDialect dialect = transactions.dialect();
        this.routines = new RoutineCalls(transactions);
        // As a flow step: a data source whose connections the API cannot set up and commit is refused here, not on a later call.
        routines.transaction("build", step -> SchemaVersionCheck.require(step, SCHEMA_VERSION));
        LOG.debug("EcliptixMemberships schema version {} ({}), OTP key {}", SCHEMA_VERSION,
                dialect == SQLDialect.POSTGRES ? "PostgreSQL" : "SQL Server", otpKey == null ? "not configured" : "configured");
        this.devices = new DefaultDevices(routines);
        this.phoneNumbers = new DefaultPhoneNumbers(routines);
        this.verification = new DefaultVerification(routines, otpKey, otpCodeLength);
        this.memberships = new DefaultMemberships(routines);
        this.logins = new DefaultLogins(routines);
        this.sessions = new DefaultSessions(routines);
        this.configuration = new DefaultConfiguration(routines);
        this.maintenance = new DefaultMaintenance(routines);
        this.generatedRoutines = new GeneratedRoutines(routines);
    }

    /**
     * The one way to build the API: a data source or JDBC settings, and optionally the application's OTP
     * key; {@link Builder#build()} connects and checks the schema version.
     */
    public static Builder builder() {
        return new Builder();
    }

    private static EcliptixMemberships pooled(
            String jdbcUrl, String user, String password, int maximumPoolSize, OtpKey otpKey, int otpCodeLength) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(ConnectionPools.config("ecliptix-memberships", jdbcUrl, user, password, maximumPoolSize));
        } catch (RuntimeException e) {
            // HikariCP opens a first connection here; its failure is classified like any other.
            throw DatabaseFailures.connecting("build", e);
        }
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

    /** The generated routine classes, executed as the typed API executes them (docs/generated-wrappers.md). */
    public GeneratedRoutines generatedRoutines() {
        return generatedRoutines;
    }

    /** For {@link EcliptixMembershipsMetrics}: where every routine call passes. */
    RoutineCalls routineCalls() {
        return routines;
    }

    /** For {@link EcliptixMembershipsMetrics}: the pool built here, or null over a caller's data source. */
    HikariDataSource ownPool() {
        return ownPool;
    }

    /** Closes the pool built from {@link Builder#jdbc}; a caller's own data source is left open. */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    /**
     * The API's settings: exactly one of a data source and JDBC settings; the OTP key when the application
     * uses generated codes ({@code issueCode}, {@code resendCode}, {@code verifyCode}), which otherwise fail
     * with a {@link ConfigurationException} saying how to give it. Each setting is checked when it is given.
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
            this.otpCodeLength = DefaultVerification.codeLength(digits);
            return this;
        }

        /**
         * Connects and checks the schema version.
         *
         * @throws ConfigurationException    when neither or both of a data source and JDBC settings are given, or
         *                                   the data source is one the API cannot work with (docs/datasource.md)
         * @throws ConnectionFailedException when no connection can be had: malformed URL, nothing answers,
         *                                   login refused, missing database, no free connection in time
         * @throws SchemaVersionException    when the database is not at {@link #SCHEMA_VERSION}
         */
        public EcliptixMemberships build() {
            if ((dataSource == null) == (jdbcUrl == null)) {
                throw new ConfigurationException("Give the API exactly one of dataSource(...) and jdbc(url, user, password)"
                        + (dataSource == null ? "; neither was given" : "; both were given"));
            }
            return dataSource != null
                    ? new EcliptixMemberships(dataSource, null, otpKey, otpCodeLength)
                    : pooled(jdbcUrl, user, password, maximumPoolSize, otpKey, otpCodeLength);
        }
    }
}
