package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.Routines.assertAbout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.GeneratedRoutines;
import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.Tables;
import com.ecliptix.memberships.generated.routines.CleanupExpiredData;
import com.ecliptix.memberships.generated.routines.CreateAuthenticationContext;
import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.EndAllAuthenticationContexts;
import com.ecliptix.memberships.generated.routines.EndAuthenticationContext;
import com.ecliptix.memberships.generated.routines.EnsurePhoneNumber;
import com.ecliptix.memberships.generated.routines.ExpireAssociatedOtp;
import com.ecliptix.memberships.generated.routines.GetConfigValue;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.LogLoginAttempt;
import com.ecliptix.memberships.generated.routines.LogMembershipAttempt;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.generated.routines.RefreshAuthenticationContext;
import com.ecliptix.memberships.generated.routines.RegisterAppDeviceIfNotExists;
import com.ecliptix.memberships.generated.routines.RequestResendOtp;
import com.ecliptix.memberships.generated.routines.SetConfigValue;
import com.ecliptix.memberships.generated.routines.UpdateMembershipSecureKey;
import com.ecliptix.memberships.generated.routines.UpdateOtpStatus;
import com.ecliptix.memberships.generated.routines.UpdateVerificationFlowStatus;
import com.ecliptix.memberships.generated.routines.ValidateAuthenticationContext;
import com.ecliptix.memberships.generated.routines.VerifyOtp;
import com.ecliptix.memberships.generated.routines.VerifyPhoneForSecretKeyRecovery;
import com.ecliptix.memberships.generated.tables.records.GetFullFlowStateRecord;
import com.ecliptix.memberships.generated.tables.records.GetPhoneNumberRecord;
import com.ecliptix.memberships.schema.ClassPathFiles;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.impl.AbstractRoutine;
import org.junit.jupiter.api.Test;

/**
 * Every generated routine class executed the way an application team calls it directly:
 * {@code db.generatedRoutines().execute(routine)}, the typed API's plain JDBC path, on the run's engine
 * (PostgreSQL, and SQL Server when the run has one). Outputs are never set before a call, so an output that
 * the call left out ({@code INOUT ... DEFAULT NULL} on PostgreSQL) would read as NULL here.
 *
 * <p>The application's login runs the application's routines; the ones an operator runs (configuration,
 * cleanup, ending every session) go through an API over the owner's connections.
 */
@DatabaseTest
class GeneratedRoutinesTest {

    private static final String HASH = "4f6e3c8a1b2d9e0f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f";
    private static final String SALT = "00112233445566778899aabbccddeeff";
    private static final String TOKEN_HASH = "a".repeat(64);

    /** The generated routine classes this test executed. */
    private final Set<Class<?>> executed = new HashSet<>();

    @Test
    void everyGeneratedRoutineRunsThroughTheModuleWithItsOutputsRead(TestDatabase db) {
        GeneratedRoutines app = db.api().generatedRoutines();
        GeneratedRoutines operator = EcliptixMemberships.builder().dataSource(db.ownerDataSource()).build().generatedRoutines();

        RegisterAppDeviceIfNotExists device = run(app, new RegisterAppDeviceIfNotExists(), r -> {
            r.setAppInstanceId(UUID.randomUUID());
            r.setDeviceId(UUID.randomUUID());
        });
        assertEquals("created", device.getOutcome());
        UUID deviceId = device.getDeviceUniqueId();
        assertNotNull(deviceId);

        String number = Phones.unique();
        EnsurePhoneNumber phone = run(app, new EnsurePhoneNumber(), r -> {
            r.setPhoneNumber(number);
            r.setRegion("US");
            r.setAppDeviceId(deviceId);
        });
        assertEquals("created_and_associated", phone.getOutcome());
        UUID phoneId = phone.getPhoneNumberUniqueId();
        GetPhoneNumberRecord stored = app.fetchOne(Tables.GET_PHONE_NUMBER, phoneId).orElseThrow();
        assertEquals(number, stored.getPhoneNumber());
        assertEquals("US", stored.getRegion());

        VerifyPhoneForSecretKeyRecovery recovery = run(app, new VerifyPhoneForSecretKeyRecovery(), r -> r.setPhoneNumber(number));
        assertEquals("membership_not_found", recovery.getOutcome());
        assertEquals(phoneId, recovery.getPhoneNumberUniqueId());

        InitiateVerificationFlow start = run(app, new InitiateVerificationFlow(), r -> {
            r.setAppDeviceId(deviceId);
            r.setPhoneNumberUniqueId(phoneId);
            r.setPurpose("registration");
            r.setConnectionId(42L);
        });
        assertEquals("created", start.getOutcome());
        UUID flow = start.getFlowUniqueId();

        Instant otpExpiry = Instant.now().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MICROS);
        InsertOtpRecord otp = run(app, new InsertOtpRecord(), r -> {
            r.setFlowUniqueId(flow);
            r.setOtpHash(HASH);
            r.setOtpSalt(SALT);
            r.setExpiresAt(otpExpiry);
        });
        assertEquals("created", otp.getOutcome());
        assertNull(otp.getRetryAfterSeconds());
        GetFullFlowStateRecord state = app.fetchOne(Tables.GET_FULL_FLOW_STATE, flow).orElseThrow();
        assertEquals("pending", state.getStatus());
        assertEquals(otp.getOtpUniqueId(), state.getOtpUniqueId());
        assertEquals(SALT, state.getOtpSalt());
        assertEquals(otpExpiry, state.getOtpExpiresAt(), "an Instant input comes back as the same instant");

        RequestResendOtp resend = run(app, new RequestResendOtp(), r -> r.setFlowUniqueId(flow));
        assertEquals("resend_cooldown_active", resend.getOutcome());
        assertTrue(resend.getRetryAfterSeconds() > 0, "seconds to wait: " + resend.getRetryAfterSeconds());

        VerifyOtp wrong = run(app, new VerifyOtp(), r -> {
            r.setFlowUniqueId(flow);
            r.setOtpHash(HASH.replace('4', '5'));
        });
        assertEquals("invalid_code", wrong.getOutcome());
        assertEquals(4, wrong.getRemainingAttempts());
        // The same instance executed again: its inputs stay, its outputs are replaced.
        wrong.setOtpHash(HASH);
        VerifyOtp right = app.execute(wrong);
        assertSame(wrong, right);
        assertEquals("verified", right.getOutcome());
        assertNull(right.getRemainingAttempts(), "the previous call's RemainingAttempts is gone");
        assertEquals(otp.getOtpUniqueId(), right.getOtpUniqueId());

        CreateMembership membership = run(app, new CreateMembership(), r -> {
            r.setFlowUniqueId(flow);
            r.setConnectionId(42L);
            r.setOtpUniqueId(otp.getOtpUniqueId());
            r.setCreationStatus("otp_verified");
        });
        assertEquals("created", membership.getOutcome());
        assertEquals("inactive", membership.getStatus());
        UUID membershipId = membership.getMembershipUniqueId();

        byte[] key = {1, 2, 3, (byte) 0xff, 0};
        UpdateMembershipSecureKey secureKey = run(app, new UpdateMembershipSecureKey(), r -> {
            r.setMembershipUniqueId(membershipId);
            r.setSecureKey(key);
        });
        assertEquals("updated", secureKey.getOutcome());
        assertEquals("active", secureKey.getStatus());
        assertEquals("secure_key_set", secureKey.getCreationStatus());

        LoginMembership login = run(app, new LoginMembership(), r -> r.setPhoneNumber(number));
        assertEquals("success", login.getOutcome());
        assertEquals(membershipId, login.getMembershipUniqueId());
        assertArrayEquals(key, login.getSecureKey());
        assertNull(login.getLockedForSeconds());

        LogLoginAttempt loginAttempt = run(app, new LogLoginAttempt(), r -> {
            r.setPhoneNumber(number);
            r.setOutcome("passphrase_rejected");
            r.setIsSuccess(false);
        });
        assertEquals("logged", loginAttempt.getResult());
        assertEquals(1, db.count("LoginAttempts", "\"Outcome\" = ?", "passphrase_rejected"));

        LogMembershipAttempt membershipAttempt = run(app, new LogMembershipAttempt(), r -> {
            r.setPhoneNumberUniqueId(phoneId);
            r.setOutcome("client_step_failed");
            r.setIsSuccess(false);
        });
        assertEquals("logged", membershipAttempt.getResult());

        CreateAuthenticationContext session = run(app, new CreateAuthenticationContext(), r -> {
            r.setMembershipUniqueId(membershipId);
            r.setAppDeviceId(deviceId);
            r.setContextTokenHash(TOKEN_HASH);
        });
        assertEquals("created", session.getOutcome());
        assertAbout(Duration.ofHours(24), session.getExpiresAt());
        UUID sessionId = session.getContextUniqueId();

        ValidateAuthenticationContext valid = run(app, new ValidateAuthenticationContext(), r -> r.setContextTokenHash(TOKEN_HASH));
        assertEquals("valid", valid.getOutcome());
        assertEquals(sessionId, valid.getContextUniqueId());
        assertEquals(membershipId, valid.getMembershipUniqueId());

        RefreshAuthenticationContext refresh = run(app, new RefreshAuthenticationContext(), r -> r.setContextUniqueId(sessionId));
        assertEquals("refreshed", refresh.getOutcome());
        assertAbout(Duration.ofHours(24), refresh.getExpiresAt());

        EndAuthenticationContext end = run(app, new EndAuthenticationContext(), r -> r.setContextUniqueId(sessionId));
        assertEquals("ended", end.getOutcome());

        EndAllAuthenticationContexts endAll = run(operator, new EndAllAuthenticationContexts(),
                r -> r.setMembershipUniqueId(membershipId));
        assertEquals("ended", endAll.getOutcome());
        assertEquals(0, endAll.getEndedCount(), "the one session had ended already");

        // A second flow of the same phone, for the routines that move OTPs and flows by hand.
        UUID loginFlow = run(app, new InitiateVerificationFlow(), r -> {
            r.setAppDeviceId(deviceId);
            r.setPhoneNumberUniqueId(phoneId);
            r.setPurpose("login");
        }).getFlowUniqueId();
        InsertOtpRecord secondOtp = new InsertOtpRecord();
        secondOtp.setFlowUniqueId(loginFlow);
        secondOtp.setOtpHash(HASH);
        secondOtp.setOtpSalt(SALT);
        secondOtp.setExpiresAt(otpExpiry);
        assertEquals("created", app.execute(secondOtp).getOutcome());

        UpdateOtpStatus failed = run(app, new UpdateOtpStatus(), r -> {
            r.setOtpUniqueId(secondOtp.getOtpUniqueId());
            r.setNewStatus("failed");
        });
        assertEquals("updated", failed.getOutcome());
        assertEquals(1, db.count("FailedOtpAttempts", "\"OtpUniqueId\" = ?", secondOtp.getOtpUniqueId()));

        ExpireAssociatedOtp expireOtps = run(app, new ExpireAssociatedOtp(), r -> r.setFlowUniqueId(loginFlow));
        assertEquals("expired", expireOtps.getOutcome());
        assertNotNull(expireOtps.getExpiredCount());

        UpdateVerificationFlowStatus expireFlow = run(app, new UpdateVerificationFlowStatus(), r -> {
            r.setFlowUniqueId(loginFlow);
            r.setNewStatus("expired");
        });
        assertEquals("updated", expireFlow.getOutcome());

        SetConfigValue limit = run(operator, new SetConfigValue(), r -> {
            r.setConfigKey("OTP.MaxAttempts");
            r.setConfigValue("6");
        });
        assertEquals("updated", limit.getOutcome());

        GetConfigValue read = run(app, new GetConfigValue(), r -> r.setConfigKey("OTP.MaxAttempts"));
        assertEquals("6", read.getReturnValue());

        CleanupExpiredData cleanup = run(operator, new CleanupExpiredData(), r -> r.setBatchSize(1000));
        assertEquals("deleted", cleanup.getOutcome());
        assertEquals(0, cleanup.getDeletedCount(), "nothing here is past its retention");

        assertEquals(names(generatedRoutineClasses()), names(executed), "every generated routine class is executed here");
    }

    @Test
    void anInputLeftUnsetIsBoundAsNullAndWrongArgumentsAreRefusedBeforeAnyCall(TestDatabase db) {
        GeneratedRoutines app = db.api().generatedRoutines();

        // No device: EnsurePhoneNumber's AppDeviceId is NULL, as the typed API binds an absent input.
        EnsurePhoneNumber phone = new EnsurePhoneNumber();
        phone.setPhoneNumber(Phones.unique());
        assertEquals("created", app.execute(phone).getOutcome());
        assertEquals(0, db.count("PhoneNumberDevices", "\"PhoneNumberId\" = ?", phone.getPhoneNumberUniqueId()));

        long rows = db.totalRows();
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> app.fetchOne(Tables.GET_FULL_FLOW_STATE, "not a UUID"));
        assertTrue(wrongType.getMessage().contains("GetFullFlowState"), wrongType.getMessage());
        assertThrows(InvalidInputException.class, () -> app.execute(null));
        assertEquals(rows, db.totalRows(), "nothing is written");
    }

    /** Sets the inputs, executes, and records the class as covered. */
    private <R extends AbstractRoutine<?>> R run(GeneratedRoutines routines, R routine, java.util.function.Consumer<R> inputs) {
        inputs.accept(routine);
        R returned = routines.execute(routine);
        assertSame(routine, returned, "the same instance comes back");
        executed.add(routine.getClass());
        return returned;
    }

    /** The generated routine classes, one class file each in the dao's generated routines package. */
    private static Set<Class<?>> generatedRoutineClasses() {
        String folder = LoginMembership.class.getPackageName().replace('.', '/');
        Set<Class<?>> found = ClassPathFiles.under(GeneratedRoutinesTest.class.getClassLoader(), folder).keySet().stream()
                .filter(path -> path.endsWith(".class") && !path.contains("$"))
                .map(path -> load(path.substring(0, path.length() - ".class".length()).replace('/', '.')))
                .filter(AbstractRoutine.class::isAssignableFrom)
                .collect(Collectors.toSet());
        assertTrue(found.size() >= 23, "the generated routine classes were found: " + found);
        return found;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> names(Set<Class<?>> classes) {
        return classes.stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
    }
}
