package com.ecliptix.memberships.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.membership.MembershipCreation;
import com.ecliptix.memberships.membership.MembershipCreationOutcome;
import com.ecliptix.memberships.membership.SecureKeyOutcome;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.OtpIssue;
import com.ecliptix.memberships.verification.OtpIssueOutcome;
import com.ecliptix.memberships.verification.OtpStatus;
import com.ecliptix.memberships.verification.OtpStatusOutcome;
import com.ecliptix.memberships.verification.PhoneFlowStart;
import com.ecliptix.memberships.verification.Purpose;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The states tests start from, built through the API the way an application would. */
public final class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong CONNECTIONS = new AtomicLong(1000);

    private final EcliptixMemberships api;

    public Fixtures(TestDatabase db) {
        this.api = db.api();
    }

    /** A registered device's {@code DeviceUniqueId}. */
    public UUID device() {
        return api.devices().register(UUID.randomUUID(), UUID.randomUUID()).deviceUniqueId();
    }

    /** A fresh connection id. */
    public static long connection() {
        return CONNECTIONS.incrementAndGet();
    }

    /** A new phone number with {@code device} as its primary device; returns its {@code UniqueId}. */
    public UUID phone(String number, UUID device) {
        return api.phoneNumbers().ensure(number, "US", device).phoneNumberUniqueId();
    }

    /** A salted hash of a code, as an application would store it: hex of SHA-256(salt + code). */
    public static OtpSecret hash(String code) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((saltHex + code).getBytes(StandardCharsets.UTF_8));
            return new OtpSecret(HexFormat.of().formatHex(digest), saltHex);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the schema stores of an OTP. */
    public record OtpSecret(String hash, String salt) {
    }

    /** Stores an OTP for a random code on the flow and returns its id. */
    public UUID otp(UUID flow) {
        OtpSecret secret = hash(String.format("%06d", RANDOM.nextInt(1_000_000)));
        OtpIssue issue = api.verification().issueOtp(flow, secret.hash(), secret.salt(), Instant.now().plus(Duration.ofMinutes(2)));
        assertEquals(OtpIssueOutcome.CREATED, issue.outcome(), "issuing an OTP");
        return issue.otpUniqueId().orElseThrow();
    }

    /** A registration that reached a verified flow: everything CreateMembership needs. */
    public record VerifiedRegistration(String phoneNumber, UUID device, UUID phone, UUID flow, UUID otp, long connection) {
    }

    public VerifiedRegistration verifiedRegistration() {
        String number = Phones.unique();
        UUID device = device();
        long connection = connection();
        PhoneFlowStart start = api.verification().startForPhoneNumber(device, number, "US", Purpose.REGISTRATION, connection);
        assertEquals(FlowStartOutcome.CREATED, start.flow().outcome(), "starting the registration flow");
        UUID flow = start.flow().flowUniqueId().orElseThrow();
        UUID otp = otp(flow);
        assertEquals(OtpStatusOutcome.UPDATED, api.verification().updateOtpStatus(otp, OtpStatus.VERIFIED), "verifying the OTP");
        return new VerifiedRegistration(number, device, start.phoneNumberUniqueId(), flow, otp, connection);
    }

    /** An active membership with a secure key; returns its phone number. */
    public String activeMember(byte[] secureKey) {
        return activeMembership(secureKey).phoneNumber();
    }

    /** An active membership, its phone number and the device it registered on. */
    public record ActiveMembership(String phoneNumber, UUID membership, UUID device) {
    }

    public ActiveMembership activeMembership(byte[] secureKey) {
        VerifiedRegistration registration = verifiedRegistration();
        MembershipCreation membership = api.memberships().create(registration.flow(), registration.connection(), registration.otp());
        assertEquals(MembershipCreationOutcome.CREATED, membership.outcome(), "creating the membership");
        UUID id = membership.membershipUniqueId().orElseThrow();
        assertEquals(SecureKeyOutcome.UPDATED, api.memberships().setSecureKey(id, secureKey).outcome(), "storing the secure key");
        return new ActiveMembership(registration.phoneNumber(), id, registration.device());
    }
}
