package com.ecliptix.memberships.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator-side reader of EventLog: newest first, typed, limited by count and by age. */
@DatabaseTest
class SecurityEventsTest {

    @Test
    void recentEventsAreTypedAndNewestFirst(TestDatabase db) {
        db.update("DELETE FROM dbo.\"EventLog\"");
        db.operatorApi().configuration().setLimit(Limit.MAX_FAILED_LOGINS, 7);
        db.operatorApi().configuration().set("Operator.Note", "first");
        db.operatorApi().configuration().setLimit(Limit.MAX_FAILED_LOGINS, 5);
        long total = db.count("EventLog");
        assertEquals(3, total);

        List<SecurityEvent> events = SecurityEvents.using(db.readOnlyDataSource()).recent(2);

        assertEquals(2, events.size());
        assertEquals(SecurityEventType.CONFIG_CHANGED, events.get(0).type());
        assertEquals("config_changed", events.get(0).eventType());
        assertTrue(events.get(0).message().contains(Limit.MAX_FAILED_LOGINS.key()), events.get(0).message());
        assertTrue(events.get(0).message().contains("from 7 to 5"), events.get(0).message());
        assertTrue(events.get(1).message().contains("Operator.Note"), events.get(1).message());
        assertTrue(events.get(0).id() > events.get(1).id(), "newest first");
        assertTrue(Duration.between(events.get(0).createdAt(), Instant.now()).abs().toMinutes() < 5, "UTC times");
    }

    @Test
    void aWindowLeavesOutOlderEventsAndUnknownTypesAreOther(TestDatabase db) {
        db.update("DELETE FROM dbo.\"EventLog\"");
        db.update("INSERT INTO dbo.\"EventLog\" (\"EventType\", \"Message\") VALUES ('legacy_type', 'old')");
        db.backdate("EventLog", "CreatedAt", Duration.ofHours(3), "1 = 1");
        db.operatorApi().configuration().set("Operator.Note", "second");

        SecurityEvents reader = SecurityEvents.using(db.readOnlyDataSource());
        List<SecurityEvent> lastHour = reader.recent(Duration.ofHours(1), 100);
        List<SecurityEvent> all = reader.recent(100);

        assertEquals(1, lastHour.size());
        assertEquals(SecurityEventType.CONFIG_CHANGED, lastHour.get(0).type());
        assertEquals(2, all.size());
        assertEquals(SecurityEventType.OTHER, all.get(1).type());
        assertEquals("legacy_type", all.get(1).eventType());
    }

    @Test
    void badArgumentsAreRefused(TestDatabase db) {
        SecurityEvents reader = SecurityEvents.using(db.readOnlyDataSource());
        assertEquals("limit", assertThrows(InvalidInputException.class, () -> reader.recent(0)).parameter());
        assertEquals("limit", assertThrows(InvalidInputException.class, () -> reader.recent(SecurityEvents.MAX_LIMIT + 1)).parameter());
        assertEquals("within", assertThrows(InvalidInputException.class, () -> reader.recent(Duration.ZERO, 5)).parameter());
        assertEquals("within", assertThrows(InvalidInputException.class, () -> reader.recent(null, 5)).parameter());
    }
}
