package com.ecliptix.memberships.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** jOOQ's logo, tips and version line are off unless the application asked for them. */
class JooqQuietTest {

    @Test
    void theApiTurnsJooqsLogoAndTipsOffOnceItsDialectIsLookedUp() throws ClassNotFoundException {
        Class.forName(JooqDialect.class.getName(), true, JooqDialect.class.getClassLoader());
        JooqDialect.QUIET.forEach((property, value) -> assertEquals(value, System.getProperty(property), property));
    }

    @Test
    void anApplicationsOwnSettingIsKept() {
        Properties properties = new Properties();
        properties.setProperty("org.jooq.no-logo", "false");
        JooqDialect.quiet(properties);
        assertEquals("false", properties.getProperty("org.jooq.no-logo"));
        assertEquals("true", properties.getProperty("org.jooq.no-tips"));
        assertEquals("WARN", properties.getProperty("org.jooq.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport"));
    }
}
