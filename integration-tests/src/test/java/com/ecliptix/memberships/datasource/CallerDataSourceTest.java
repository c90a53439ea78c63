package com.ecliptix.memberships.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.device.DeviceRegistration;
import com.ecliptix.memberships.device.DeviceRegistrationOutcome;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.EngineGap;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.PhoneFlowStart;
import com.ecliptix.memberships.verification.Purpose;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API over data sources set up the ways applications set theirs up (docs/datasource.md): whatever the
 * pool's auto-commit and default isolation, an acknowledged call is committed (counted from another
 * connection), every call runs at READ COMMITTED, and the connection is given back as it was found.
 */
@DatabaseTest
class CallerDataSourceTest {

    @ParameterizedTest(name = "autoCommit={0}, {1}")
    @CsvSource({
            "false, TRANSACTION_READ_COMMITTED",
            "false, TRANSACTION_REPEATABLE_READ",
            "true, TRANSACTION_REPEATABLE_READ",
            "false, TRANSACTION_SERIALIZABLE"})
    void anAcknowledgedCallIsCommittedWhateverThePoolsAutoCommitAndIsolation(boolean autoCommit, String isolation, TestDatabase db) {
        try (HikariDataSource pool = pool(db, config -> {
            config.setAutoCommit(autoCommit);
            config.setTransactionIsolation(Integer.toString(EngineGap.isolation(db, isolationLevel(isolation))));
        }); EcliptixMemberships api = EcliptixMemberships.builder().dataSource(pool).build()) {
            UUID deviceId = UUID.randomUUID();
            DeviceRegistration device = api.devices().register(UUID.randomUUID(), deviceId);
            assertEquals(DeviceRegistrationOutcome.CREATED, device.outcome());
            assertEquals(1, db.count("AppDevices", "\"DeviceId\" = ?", deviceId), "a single call, counted from another connection");

            String number = Phones.unique();
            PhoneFlowStart start = api.verification().startForPhoneNumber(device.deviceUniqueId(), number, "US",
                    Purpose.REGISTRATION, null);
            assertEquals(FlowStartOutcome.CREATED, start.flow().outcome());
            assertEquals(1, db.count("PhoneNumbers", "\"PhoneNumber\" = ?", number), "a flow step's first call");
            assertEquals(1, db.count("VerificationFlows", "\"UniqueId\" = ?", start.flow().flowUniqueId().orElseThrow()),
                    "a flow step's second call");
        }
    }

    @ParameterizedTest(name = "autoCommit={0}, isolation={1}")
    @CsvSource({
            "false, " + Connection.TRANSACTION_REPEATABLE_READ,
            "true, " + Connection.TRANSACTION_SERIALIZABLE,
            "true, " + Connection.TRANSACTION_READ_COMMITTED})
    void everyCallRunsAtReadCommittedAndLeavesTheConnectionAsItFoundIt(boolean autoCommit, int isolation, TestDatabase db)
            throws SQLException {
        ConnectionSettings login = db.applicationLogin().settings();
        try (Connection physical = login.dataSource().getConnection()) {
            physical.setAutoCommit(autoCommit);
            physical.setTransactionIsolation(EngineGap.isolation(db, isolation));
            List<Integer> isolationAtEachCall = new ArrayList<>();
            DataSource one = sameConnection(physical, isolationAtEachCall);
            try (EcliptixMemberships api = EcliptixMemberships.builder().dataSource(one).build()) {
                UUID deviceId = UUID.randomUUID();
                UUID device = api.devices().register(UUID.randomUUID(), deviceId).deviceUniqueId();
                assertState(physical, autoCommit, EngineGap.isolation(db, isolation));
                api.verification().startForPhoneNumber(device, Phones.unique(), null, Purpose.LOGIN, null);
                assertState(physical, autoCommit, EngineGap.isolation(db, isolation));

                assertEquals(1, db.count("AppDevices", "\"DeviceId\" = ?", deviceId));
                assertEquals(1, db.count("VerificationFlows", "\"AppDeviceId\" = ?", device));
            }
            assertTrue(isolationAtEachCall.size() >= 4, "the schema check, the registration and the step's two calls: "
                    + isolationAtEachCall);
            assertEquals(List.of(Connection.TRANSACTION_READ_COMMITTED), isolationAtEachCall.stream().distinct().toList());
        }
    }

    @Test
    void aDataSourceOfReadOnlyConnectionsIsRefusedByBuildInOneLine(TestDatabase db) {
        Assumptions.assumeTrue(db.engine() == Engine.POSTGRESQL, "mssql-jdbc ignores setReadOnly (a SQL Server connection is"
                + " read-only only by ApplicationIntent=ReadOnly on a readable secondary): a pool cannot hand out read-only"
                + " connections to a primary");
        try (HikariDataSource pool = pool(db, config -> config.setReadOnly(true))) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> EcliptixMemberships.builder().dataSource(pool).build());
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void aDataSourceWhoseConnectionsCannotLeaveAutoCommitIsRefusedByBuild(TestDatabase db) throws SQLException {
        // As a JTA-managed connection behaves: the application server owns its transactions.
        try (Connection physical = db.applicationLogin().settings().dataSource().getConnection()) {
            DataSource managed = proxy(physical, (method, arguments) -> {
                if (method.equals("setAutoCommit") || method.equals("commit")) {
                    throw new SQLException("You cannot set autocommit during a managed transaction");
                }
            });
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> EcliptixMemberships.builder().dataSource(managed).build());
            assertTrue(e.getMessage().contains("auto-commit"), e.getMessage());
            assertTrue(e.getMessage().contains("docs/datasource.md"), e.getMessage());
        }
    }

    /** A java.sql.Connection isolation constant by its name, as HikariCP's configuration names it. */
    private static int isolationLevel(String name) {
        try {
            return Connection.class.getField(name).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    private static void assertState(Connection connection, boolean autoCommit, int isolation) throws SQLException {
        assertEquals(autoCommit, connection.getAutoCommit(), "auto-commit as found");
        assertEquals(isolation, connection.getTransactionIsolation(), "isolation as found");
    }

    /** A pool of the application's login with HikariCP's defaults but for {@code settings}. */
    private static HikariDataSource pool(TestDatabase db, Consumer<HikariConfig> settings) {
        ConnectionSettings login = db.applicationLogin().settings();
        HikariConfig config = new HikariConfig();
        config.setPoolName("caller-" + db.name());
        config.setJdbcUrl(login.jdbcUrl());
        config.setUsername(login.user());
        config.setPassword(login.password());
        config.setMaximumPoolSize(2);
        settings.accept(config);
        return new HikariDataSource(config);
    }

    /** Hands out {@code physical} each time (closing only gives it back), noting its isolation at each call. */
    private static DataSource sameConnection(Connection physical, List<Integer> isolationAtEachCall) {
        return proxy(physical, (method, arguments) -> {
            if (method.equals("prepareCall") || method.equals("prepareStatement")) {
                isolationAtEachCall.add(physical.getTransactionIsolation());
            }
        });
    }

    @FunctionalInterface
    private interface BeforeEach {
        void accept(String method, Object[] arguments) throws SQLException;
    }

    private static DataSource proxy(Connection physical, BeforeEach before) {
        Connection handedOut = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (self, method, arguments) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    before.accept(method.getName(), arguments);
                    try {
                        return method.invoke(physical, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (self, method, arguments) -> switch (method.getName()) {
                    case "getConnection" -> handedOut;
                    case "isWrapperFor" -> false;
                    case "toString" -> "one connection";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
