package com.ecliptix.memberships.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.ErrorKind;
import com.ecliptix.memberships.LockTimeoutException;
import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.HeldLock;
import com.ecliptix.memberships.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/**
 * A phone's lock held by another session ends a login with a typed, retryable {@link LockTimeoutException}
 * that names the subject's kind and never the phone number, and writes nothing. The wait is bounded here by
 * the session's own lock timeout, so that the test does not depend on the routines' configured bound
 * ({@code Locking.LockTimeoutMilliseconds}), which replaces it where the routines set one.
 */
@DatabaseTest
class LockTimeoutTest {

    @Test
    void aLockHeldElsewhereEndsTheCallWithARetryableLockTimeoutAndWritesNothing(TestDatabase db) throws Exception {
        String phone = new Fixtures(db).activeMember(new byte[] {4, 2});
        ConnectionSettings login = db.applicationLogin().settings();
        HikariConfig config = new HikariConfig();
        config.setPoolName("lock-timeout");
        config.setJdbcUrl(login.jdbcUrl());
        config.setUsername(login.user());
        config.setPassword(login.password());
        config.setMaximumPoolSize(1);
        config.setConnectionInitSql(db.engine() == Engine.POSTGRESQL ? "SET lock_timeout = '300ms'" : "SET LOCK_TIMEOUT 300");
        try (HikariDataSource pool = new HikariDataSource(config);
             EcliptixMemberships api = EcliptixMemberships.builder().dataSource(pool).build()) {
            long attempts = db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone);
            LockTimeoutException timeout;
            try (HeldLock held = HeldLock.hold(db, "phone:" + phone)) {
                timeout = assertThrows(LockTimeoutException.class, () -> api.logins().login(phone));
            }
            assertEquals(ErrorKind.LOCK_TIMEOUT, timeout.kind());
            assertTrue(timeout.isRetryable());
            assertEquals("LoginMembership", timeout.routine());
            assertTrue(timeout.subjectKind().map("phone"::equals).orElse(true), "named, the kind is the phone's: " + timeout);
            assertFalse(timeout.getMessage().contains(phone.substring(1)), "no phone number: " + timeout.getMessage());
            assertEquals(attempts, db.count("LoginAttempts", "\"PhoneNumber\" = ?", phone), "nothing was written");

            assertEquals(LoginOutcome.SUCCESS, api.logins().login(phone).outcome(), "once the lock is free, the call goes through");
        }
    }
}
