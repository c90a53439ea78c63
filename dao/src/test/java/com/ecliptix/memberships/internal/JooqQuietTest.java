package com.ecliptix.memberships.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** jOOQ's logo and tips are off unless the application asked for them. */
class JooqQuietTest {

    @Test
    void theApiTurnsJooqsLogoAndTipsOffOnceItsDialectIsLookedUp() throws ClassNotFoundException {
        Class.forName(JooqDialect.class.getName(), true, JooqDialect.class.getClassLoader());
        for (String property : JooqDialect.QUIET) {
            assertEquals("true", System.getProperty(property), property);
        }
    }

    @Test
    void anApplicationsOwnSettingIsKept() {
        Properties properties = new Properties();
        properties.setProperty("org.jooq.no-logo", "false");
        JooqDialect.quiet(properties);
        assertEquals("false", properties.getProperty("org.jooq.no-logo"));
        assertEquals("true", properties.getProperty("org.jooq.no-tips"));
    }
}
