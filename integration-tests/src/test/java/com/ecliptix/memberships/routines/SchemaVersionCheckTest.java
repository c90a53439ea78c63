package com.ecliptix.memberships.routines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.SchemaVersionException;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.testing.ThrowawayDatabaseExtension;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** On connect the API checks Schema.Version (through GetConfigValue only) and fails fast with one message. */
@DatabaseTest
class SchemaVersionCheckTest {

    private static final String HOW_TO_MIGRATE = "java -jar ecliptix-memberships-cli.jar migrate";

    @Test
    void theLatestMigrationIsTheVersionTheApiWasGeneratedFrom(TestDatabase db) {
        assertEquals(EcliptixMemberships.SCHEMA_VERSION, db.schemaVersion(), "Flyway's current version");
        assertEquals(Optional.of(EcliptixMemberships.SCHEMA_VERSION), db.api().configuration().value("Schema.Version"));
    }

    @Test
    void anOlderSchemaIsRefusedNamingBothVersionsAndTheMigration(TestDatabase latest) {
        try (TestDatabase old = TestDatabase.migratedTo("1")) {
            SchemaVersionException e = assertThrows(SchemaVersionException.class, () -> EcliptixMemberships.builder().dataSource(old.dataSource()).build());

            assertEquals(Optional.of("1"), e.databaseVersion());
            assertEquals(EcliptixMemberships.SCHEMA_VERSION, e.expectedVersion());
            assertTrue(e.getMessage().contains("schema version 1"), e.getMessage());
            assertTrue(e.getMessage().contains("generated from version " + EcliptixMemberships.SCHEMA_VERSION), e.getMessage());
            assertTrue(e.getMessage().contains(HOW_TO_MIGRATE), e.getMessage());

            old.migrateToLatest();
            EcliptixMemberships.builder().dataSource(old.dataSource()).build();
        }
    }

    @Test
    void anUnmigratedDatabaseGetsTheSameKindOfMessage(TestDatabase latest) {
        try (ThrowawayDatabase empty = ThrowawayDatabase.create(ThrowawayDatabaseExtension.requestedEngine()
                .map(DatabaseServers::locate).orElseGet(DatabaseServers::locate))) {
            SchemaVersionException e = assertThrows(SchemaVersionException.class, () -> EcliptixMemberships.builder().dataSource(empty.dataSource()).build());

            assertEquals(Optional.empty(), e.databaseVersion());
            assertTrue(e.getMessage().contains("no EcliptixMemberships schema"), e.getMessage());
            assertTrue(e.getMessage().contains("schema version " + EcliptixMemberships.SCHEMA_VERSION), e.getMessage());
            assertTrue(e.getMessage().contains(HOW_TO_MIGRATE), e.getMessage());
        }
    }
}
