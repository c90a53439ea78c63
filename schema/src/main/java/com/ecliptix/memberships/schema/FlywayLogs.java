package com.ecliptix.memberships.schema;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's logging through SLF4J, with the database's per-statement notices at DEBUG instead of INFO.
 *
 * <p>Flyway logs every notice a statement draws from the server ({@code DB: function ... does not exist,
 * skipping}: about 40 lines per migrate of PostgreSQL, most from the repeatable migrations'
 * {@code DROP ... IF EXISTS}) at INFO through its own logger of {@code DefaultSqlScriptExecutor}, and a
 * warning with an SQL state at WARN. This creator, named in {@link SchemaMigrator}'s {@code loggers}
 * setting, keeps the notices for DEBUG and leaves every other line, the warnings included, at its level.
 * Flyway instantiates it by name, so it is public with a public constructor.
 */
public final class FlywayLogs implements LogCreator {

    /** Flyway's class that runs each statement of a migration and logs what the server said about it. */
    static final String STATEMENT_EXECUTOR = "org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor";
    /** How Flyway starts a server notice's line (an SQL state of 00000). */
    static final String NOTICE_PREFIX = "DB: ";

    public FlywayLogs() {
    }

    @Override
    public Log createLogger(Class<?> source) {
        return log(LoggerFactory.getLogger(source), source.getName());
    }

    /** Flyway's log of the named class over an SLF4J logger. */
    static Log log(Logger logger, String source) {
        return new Slf4jLog(logger, source.equals(STATEMENT_EXECUTOR));
    }

    private record Slf4jLog(Logger logger, boolean statementNotices) implements Log {

        @Override
        public boolean isDebugEnabled() {
            return logger.isDebugEnabled();
        }

        @Override
        public void debug(String message) {
            logger.debug(message);
        }

        @Override
        public void info(String message) {
            if (statementNotices && message.startsWith(NOTICE_PREFIX)) {
                logger.debug(message);
            } else {
                logger.info(message);
            }
        }

        @Override
        public void warn(String message) {
            logger.warn(message);
        }

        @Override
        public void error(String message) {
            logger.error(message);
        }

        @Override
        public void error(String message, Exception e) {
            logger.error(message, e);
        }

        /** Flyway's own SLF4J logger drops notices (its console output's emphasis); so does this one. */
        @Override
        public void notice(String message) {
        }
    }
}
