package com.ecliptix.memberships.flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.device.DeviceRegistration;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.login.LoginResult;
import com.ecliptix.memberships.membership.CreationStatus;
import com.ecliptix.memberships.membership.MembershipCreation;
import com.ecliptix.memberships.membership.MembershipCreationOutcome;
import com.ecliptix.memberships.membership.MembershipStatus;
import com.ecliptix.memberships.membership.RecoveryEligibility;
import com.ecliptix.memberships.membership.RecoveryOutcome;
import com.ecliptix.memberships.membership.SecureKeyUpdate;
import com.ecliptix.memberships.phone.EnsurePhoneNumberOutcome;
import com.ecliptix.memberships.phone.EnsuredPhoneNumber;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.testing.TestDatabase;
import com.ecliptix.memberships.verification.FlowStart;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.FlowState;
import com.ecliptix.memberships.verification.FlowStatus;
import com.ecliptix.memberships.verification.OtpCheck;
import com.ecliptix.memberships.verification.OtpCheckOutcome;
import com.ecliptix.memberships.verification.OtpCodeIssue;
import com.ecliptix.memberships.verification.OtpIssue;
import com.ecliptix.memberships.verification.OtpIssueOutcome;
import com.ecliptix.memberships.verification.OtpStatus;
import com.ecliptix.memberships.verification.OtpStatusOutcome;
import com.ecliptix.memberships.verification.PhoneFlowStart;
import com.ecliptix.memberships.verification.Purpose;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The registration flow of the contract, end to end, and the login it enables. */
@DatabaseTest
class RegistrationFlowTest {

    @Test
    void aRegisteredMemberLogsInAndGetsTheSecureKeyBack(TestDatabase db) {
        EcliptixMemberships api = db.api();
        String number = Phones.unique();
        byte[] secureKey = "the member's secure key".getBytes(StandardCharsets.UTF_8);
        long connection = Fixtures.connection();

        DeviceRegistration device = api.devices().register(UUID.randomUUID(), UUID.randomUUID());
        EnsuredPhoneNumber phone = api.phoneNumbers().ensure(number, "DE", device.deviceUniqueId());
        assertEquals(EnsurePhoneNumberOutcome.CREATED_AND_ASSOCIATED, phone.outcome());

        FlowStart flow = api.verification().start(device.deviceUniqueId(), phone.phoneNumberUniqueId(), Purpose.REGISTRATION, connection);
        assertEquals(FlowStartOutcome.CREATED, flow.outcome());
        UUID flowId = flow.flowUniqueId().orElseThrow();

        Fixtures.OtpSecret secret = Fixtures.hash("271828");
        OtpIssue otp = api.verification().issueOtp(flowId, secret.hash(), secret.salt(), Instant.now().plus(Duration.ofMinutes(2)));
        assertEquals(OtpIssueOutcome.CREATED, otp.outcome());
        UUID otpId = otp.otpUniqueId().orElseThrow();
        FlowState pending = api.verification().flowState(flowId).orElseThrow();
        assertEquals(otpId, pending.activeOtp().orElseThrow().otpUniqueId());
        assertEquals(1, pending.otpCount());

        assertEquals(OtpStatusOutcome.UPDATED, api.verification().updateOtpStatus(otpId, OtpStatus.VERIFIED));
        assertEquals(FlowStatus.VERIFIED, api.verification().flowState(flowId).orElseThrow().status());

        MembershipCreation membership = api.memberships().create(flowId, connection, otpId);
        assertEquals(MembershipCreationOutcome.CREATED, membership.outcome());
        assertEquals(MembershipStatus.INACTIVE, membership.status().orElseThrow());
        UUID membershipId = membership.membershipUniqueId().orElseThrow();

        SecureKeyUpdate keySet = api.memberships().setSecureKey(membershipId, secureKey);
        assertEquals(MembershipStatus.ACTIVE, keySet.status().orElseThrow());
        assertEquals(CreationStatus.SECURE_KEY_SET, keySet.creationStatus().orElseThrow());

        LoginResult login = api.logins().login(number);
        assertEquals(LoginOutcome.SUCCESS, login.outcome());
        assertEquals(membershipId, login.membershipUniqueId().orElseThrow());
        assertArrayEquals(secureKey, login.secureKey().orElseThrow());
    }

    /** The registration, login and recovery of docs/api.md, as an application writes them: the code is checked by the database. */
    @Test
    void theReadmesRegistrationLoginAndRecoveryWithARealCodeCheck(TestDatabase db) {
        byte[] otpKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otpKey);
        EcliptixMemberships api = EcliptixMemberships.builder().dataSource(db.dataSource()).otpKey(otpKey).build();
        String number = Phones.unique();
        byte[] keyMaterial = "encrypted key material".getBytes(StandardCharsets.UTF_8);

        UUID device = api.devices().register(UUID.randomUUID(), UUID.randomUUID()).deviceUniqueId();
        PhoneFlowStart start = api.verification().startForPhoneNumber(device, number, "US", Purpose.REGISTRATION, null);
        assertEquals(FlowStartOutcome.CREATED, start.flow().outcome());
        UUID flow = start.flow().flowUniqueId().orElseThrow();
        OtpCodeIssue otp = api.verification().issueCode(flow, Instant.now().plus(Duration.ofMinutes(2)));
        assertEquals(OtpIssueOutcome.CREATED, otp.outcome());
        String sent = otp.code().orElseThrow().digits();

        OtpCheck typo = api.verification().verifyCode(flow, sent.substring(1) + sent.charAt(0) + "0");
        assertEquals(OtpCheckOutcome.INVALID_CODE, typo.outcome());
        assertEquals(DocumentedDefaults.of(Limit.MAX_OTP_ATTEMPTS) - 1, typo.attemptsLeft().getAsInt());
        OtpCheck check = api.verification().verifyCode(flow, sent);
        assertEquals(OtpCheckOutcome.VERIFIED, check.outcome());

        MembershipCreation membership = api.memberships().create(flow, null, check.otpUniqueId().orElseThrow());
        assertEquals(MembershipCreationOutcome.CREATED, membership.outcome());
        UUID membershipId = membership.membershipUniqueId().orElseThrow();
        assertEquals(MembershipStatus.ACTIVE, api.memberships().setSecureKey(membershipId, keyMaterial).status().orElseThrow());
        assertArrayEquals(keyMaterial, api.logins().login(number).secureKey().orElseThrow());

        RecoveryEligibility eligible = api.memberships().checkRecovery(number);
        assertEquals(RecoveryOutcome.ELIGIBLE_FOR_RECOVERY, eligible.outcome());
        FlowStart recovery = api.verification().start(device, eligible.phoneNumberUniqueId().orElseThrow(), Purpose.PASSWORD_RECOVERY, null);
        UUID recoveryFlow = recovery.flowUniqueId().orElseThrow();
        String recoveryCode = api.verification().issueCode(recoveryFlow, Instant.now().plus(Duration.ofMinutes(2))).code().orElseThrow().digits();
        assertEquals(OtpCheckOutcome.VERIFIED, api.verification().verifyCode(recoveryFlow, recoveryCode).outcome());
        byte[] newKeyMaterial = "new encrypted key material".getBytes(StandardCharsets.UTF_8);
        api.memberships().setSecureKey(membershipId, newKeyMaterial);
        assertArrayEquals(newKeyMaterial, api.logins().login(number).secureKey().orElseThrow());
    }

    @Test
    void theOtpCodeItselfAppearsInNoTable(TestDatabase db) {
        String code = "904517";
        Fixtures fixtures = new Fixtures(db);
        UUID device = fixtures.device();
        long connection = Fixtures.connection();
        UUID phone = fixtures.phone(Phones.unique(), device);
        UUID flow = db.api().verification().start(device, phone, Purpose.REGISTRATION, connection).flowUniqueId().orElseThrow();
        Fixtures.OtpSecret secret = Fixtures.hash(code);
        UUID otp = db.api().verification().issueOtp(flow, secret.hash(), secret.salt(), Instant.now().plusSeconds(60))
                .otpUniqueId().orElseThrow();
        db.api().verification().updateOtpStatus(otp, OtpStatus.VERIFIED);
        db.api().memberships().create(flow, connection, otp);

        assertEquals(0, db.rowsContaining(code), "rows holding the OTP code in any text column");
        assertTrue(db.rowsContaining(secret.hash()) > 0, "the search finds what is stored (the hash)");
    }
}
