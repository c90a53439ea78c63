package com.ecliptix.memberships.routines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.SchemaMigrator;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.testing.ThrowawayDatabaseExtension;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SchemaMigrator over an application's pool: a pool smaller than the connections a migration holds at once
 * is refused at once, naming how many it needs, and nothing is migrated; a pool of that many migrates.
 */
@DatabaseTest
class SmallPoolMigrationTest {

    @ParameterizedTest(name = "maximumPoolSize {0}")
    @ValueSource(ints = {1, 2})
    void aPoolTooSmallIsRefusedNamingTheConnectionsItNeeds(int size, TestDatabase latest) throws SQLException {
        try (ThrowawayDatabase empty = newDatabase(); HikariDataSource pool = pool(empty.settings(), size)) {
            FlywayException e = assertThrows(FlywayException.class, () -> SchemaMigrator.of(pool).migrate());

            assertTrue(e.getMessage().contains("needs " + SchemaMigrator.CONNECTIONS_AT_ONCE + " connections at the same time"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("gave only " + size), e.getMessage());
            assertEquals(0, tables(empty), "nothing was migrated");
        }
    }

    @ParameterizedTest(name = "maximumPoolSize {0}")
    @ValueSource(ints = {SchemaMigrator.CONNECTIONS_AT_ONCE})
    void aPoolOfThatManyMigrates(int size, TestDatabase latest) {
        try (ThrowawayDatabase empty = newDatabase(); HikariDataSource pool = pool(empty.settings(), size)) {
            SchemaMigrator.of(pool).migrate();

            assertEquals(EcliptixMemberships.SCHEMA_VERSION, SchemaMigrator.of(pool).flyway().info().current().getVersion().getVersion());
        }
    }

    /** Tables of the migrations' schemas and Flyway's history, read past the pool. */
    private static long tables(ThrowawayDatabase database) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables"
                     + " WHERE table_schema IN ('flyway', 'dbo', 'ecliptix_internal')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ThrowawayDatabase newDatabase() {
        return ThrowawayDatabase.create(ThrowawayDatabaseExtension.requestedEngine()
                .map(DatabaseServers::locate).orElseGet(DatabaseServers::locate));
    }

    private static HikariDataSource pool(ConnectionSettings settings, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("migrator-" + size);
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }
}
