package com.ecliptix.memberships.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.logging.Log;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;

class FlywayLogsTest {

    /** What reached SLF4J, as "LEVEL message". */
    private static final class RecordingLogger extends AbstractLogger {
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments, Throwable t) {
            lines.add(level + " " + message);
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker marker) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker marker) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
    }

    @Test
    void theServersStatementNoticesGoToDebugAndEverythingElseKeepsItsLevel() {
        RecordingLogger statements = new RecordingLogger();
        Log log = FlywayLogs.log(statements, FlywayLogs.STATEMENT_EXECUTOR);
        log.info("DB: function ecliptix_internal.config_int() does not exist, skipping");
        log.info("Migrating schema \"flyway\" to version \"1 - baseline\"");
        log.warn("DB: division by zero (SQL State: 22012 - Error Code: 0)");
        log.debug("Executing SQL: DROP FUNCTION IF EXISTS ...");
        assertEquals(List.of(
                "DEBUG DB: function ecliptix_internal.config_int() does not exist, skipping",
                "INFO Migrating schema \"flyway\" to version \"1 - baseline\"",
                "WARN DB: division by zero (SQL State: 22012 - Error Code: 0)",
                "DEBUG Executing SQL: DROP FUNCTION IF EXISTS ..."), statements.lines);

        RecordingLogger other = new RecordingLogger();
        FlywayLogs.log(other, "org.flywaydb.core.internal.command.DbMigrate").info("DB: not a statement's notice");
        assertEquals(List.of("INFO DB: not a statement's notice"), other.lines);
    }

    @Test
    void flywayFindsTheCreatorByTheNameTheMigratorGivesIt() {
        String[] loggers = SchemaMigrator.of(null, Engine.POSTGRESQL).configuration().getLoggers();
        assertEquals(List.of(FlywayLogs.class.getName()), List.of(loggers));
    }
}
