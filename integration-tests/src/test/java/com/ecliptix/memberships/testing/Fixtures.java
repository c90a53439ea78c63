package com.ecliptix.memberships.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.EnsurePhoneNumber;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.RegisterAppDeviceIfNotExists;
import com.ecliptix.memberships.generated.routines.UpdateMembershipSecureKey;
import com.ecliptix.memberships.generated.routines.UpdateOtpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The states every test starts from, the API's tests and the routines' alike: a device, a phone number, a
 * flow, an OTP, a verified registration, a membership. Built in this one place through the generated routine
 * classes, as the application's login ({@link TestDatabase#call}): so they do not depend on the API a test
 * is about, and they can be built on a database the API may not connect to yet (an upgrade test's older
 * schema). Every step asserts its own outcome, so that a broken step fails where it happens rather than in
 * the test that relies on it.
 */
public final class Fixtures {

    /** The default resend cooldown plus a second: backdating an OTP by this ends its cooldown. */
    public static final Duration PAST_COOLDOWN = Duration.ofSeconds(DocumentedDefaults.of(Limit.RESEND_COOLDOWN) + 1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong CONNECTIONS = new AtomicLong(1000);

    private final TestDatabase db;

    public Fixtures(TestDatabase db) {
        this.db = db;
    }

    /** A phone number's {@code UniqueId} and the number. */
    public record Phone(UUID id, String number) {
    }

    /** A pending flow, the device that started it and its phone. */
    public record Flow(UUID id, UUID device, Phone phone) {
    }

    /** A registration that reached a verified flow: everything CreateMembership needs. */
    public record VerifiedRegistration(String phoneNumber, UUID device, UUID phone, UUID flow, UUID otp, long connection) {
    }

    /** A membership, its phone and the device it registered on. */
    public record Member(Phone phone, UUID membership, UUID device) {

        public String phoneNumber() {
            return phone.number();
        }
    }

    /** What the schema stores of an OTP. */
    public record OtpSecret(String hash, String salt) {
    }

    /** A fresh connection id. */
    public static long connection() {
        return CONNECTIONS.incrementAndGet();
    }

    /** A salted hash of a code, as an application that hashes codes itself would store it: hex of SHA-256(salt + code). */
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

    /** A registered device's {@code DeviceUniqueId}. */
    public UUID device() {
        RegisterAppDeviceIfNotExists call = new RegisterAppDeviceIfNotExists();
        call.setAppInstanceId(UUID.randomUUID());
        call.setDeviceId(UUID.randomUUID());
        call.setDeviceType(1);
        db.call(call);
        assertEquals("created", call.getOutcome(), "registering a device");
        return call.getDeviceUniqueId();
    }

    /**
     * The phone number (region US), created when new, associated with {@code device} when one is given (its
     * primary device when it creates the number); returns its {@code UniqueId}.
     */
    public UUID phone(String number, UUID device) {
        return ensurePhone(number, device).getPhoneNumberUniqueId();
    }

    /** A new phone number of its own, with {@code device}, when given, as its primary device. */
    public Phone phone(UUID device) {
        String number = Phones.unique();
        EnsurePhoneNumber call = ensurePhone(number, device);
        assertEquals(device == null ? "created" : "created_and_associated", call.getOutcome(), "creating a phone number");
        return new Phone(call.getPhoneNumberUniqueId(), number);
    }

    private EnsurePhoneNumber ensurePhone(String number, UUID device) {
        EnsurePhoneNumber call = new EnsurePhoneNumber();
        call.setPhoneNumber(number);
        call.setRegion("US");
        call.setAppDeviceId(device);
        db.call(call);
        assertNotNull(call.getPhoneNumberUniqueId(), "EnsurePhoneNumber answered " + call.getOutcome());
        return call;
    }

    /** A new pending flow of the device and phone. */
    public UUID newFlow(UUID device, UUID phone, String purpose, Long connection) {
        InitiateVerificationFlow call = new InitiateVerificationFlow();
        call.setAppDeviceId(device);
        call.setPhoneNumberUniqueId(phone);
        call.setPurpose(purpose);
        call.setConnectionId(connection);
        db.call(call);
        assertEquals("created", call.getOutcome(), "starting a flow");
        return call.getFlowUniqueId();
    }

    /** A new device, a new phone created with it, and a new pending flow of the given purpose without a connection. */
    public Flow flow(String purpose) {
        return flow(purpose, null);
    }

    public Flow flow(String purpose, Long connection) {
        UUID device = device();
        Phone phone = phone(device);
        return new Flow(newFlow(device, phone.id(), purpose, connection), device, phone);
    }

    /**
     * A new OTP for a random code as the flow's active one, after moving the flow's earlier OTPs past the
     * resend cooldown; returns its id.
     */
    public UUID otp(UUID flow) {
        db.backdate("OtpRecords", "CreatedAt", PAST_COOLDOWN, "\"FlowUniqueId\" = ?", flow);
        OtpSecret secret = hash(String.format("%06d", RANDOM.nextInt(1_000_000)));
        InsertOtpRecord call = new InsertOtpRecord();
        call.setFlowUniqueId(flow);
        call.setOtpHash(secret.hash());
        call.setOtpSalt(secret.salt());
        call.setExpiresAt(Instant.now().plus(Duration.ofMinutes(2)));
        db.call(call);
        assertEquals("created", call.getOutcome(), "issuing an OTP");
        return call.getOtpUniqueId();
    }

    /** Issues an OTP for the flow and verifies it, which verifies the flow; returns the OTP. */
    public UUID verify(UUID flow) {
        UUID otp = otp(flow);
        UpdateOtpStatus call = new UpdateOtpStatus();
        call.setOtpUniqueId(otp);
        call.setNewStatus("verified");
        db.call(call);
        assertEquals("updated", call.getOutcome(), "verifying the OTP");
        return otp;
    }

    /** A verified registration flow on a fresh connection. */
    public VerifiedRegistration verifiedRegistration() {
        return verifiedRegistration(connection());
    }

    public VerifiedRegistration verifiedRegistration(long connection) {
        Flow flow = flow("registration", connection);
        return new VerifiedRegistration(flow.phone().number(), flow.device(), flow.phone().id(), flow.id(), verify(flow.id()),
                connection);
    }

    /** A new membership of a verified registration: inactive, without a secure key. */
    public Member membership() {
        VerifiedRegistration registration = verifiedRegistration();
        CreateMembership call = new CreateMembership();
        call.setFlowUniqueId(registration.flow());
        call.setConnectionId(registration.connection());
        call.setOtpUniqueId(registration.otp());
        call.setCreationStatus("otp_verified");
        db.call(call);
        assertEquals("created", call.getOutcome(), "creating the membership");
        return new Member(new Phone(registration.phone(), registration.phoneNumber()), call.getMembershipUniqueId(),
                registration.device());
    }

    /** An active membership: its secure key is set, so it can log in. */
    public Member activeMembership(byte[] secureKey) {
        Member member = membership();
        UpdateMembershipSecureKey call = new UpdateMembershipSecureKey();
        call.setMembershipUniqueId(member.membership());
        call.setSecureKey(secureKey);
        db.call(call);
        assertEquals("updated", call.getOutcome(), "storing the secure key");
        return member;
    }

    /** An active membership's phone number. */
    public String activeMember(byte[] secureKey) {
        return activeMembership(secureKey).phoneNumber();
    }
}
