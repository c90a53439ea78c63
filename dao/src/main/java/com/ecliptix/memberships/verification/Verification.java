package com.ecliptix.memberships.verification;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.InvalidInputException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Verification flows and their one-time passwords. With an {@link OtpKey} configured, the API generates
 * the code ({@link #issueCode}), hands it to the caller once to send, and checks what the user entered
 * ({@link #verifyCode}); only the code's HMAC and its salt are stored, and the code is never logged.
 * Applications that hash codes themselves store a hash and salt ({@link #issueOtp}) and check an entered
 * code's hash ({@link #verifyHash}) or report the result ({@link #updateOtpStatus}).
 *
 * <p>The limits (flows per phone per hour, OTPs per flow, resend cooldown, failed checks) are enforced by
 * the database under a lock on the phone or the flow, so parallel calls cannot slip past them.
 */
public interface Verification {

    /** The longest hash or salt the schema stores. */
    int MAX_HASH_LENGTH = 255;

    /** The digits of a generated code unless configured otherwise. */
    int DEFAULT_CODE_LENGTH = 6;

    /** The fewest digits of a generated code. */
    int MIN_CODE_LENGTH = 4;

    /** The most digits of a generated code. */
    int MAX_CODE_LENGTH = 9;

    /** The longest code {@link #verifyCode} accepts (anything the user may type; a wrong one just fails). */
    int MAX_ENTERED_CODE_LENGTH = 64;

    /**
     * Starts a verification flow for a device and a phone number, or returns the device's live flow for
     * the same phone and purpose (pending: {@code RETRIEVED}, verified: {@code VERIFIED}).
     *
     * @param connectionId the client connection the flow belongs to, or null
     * @throws InvalidInputException when an id or the purpose is null; nothing is written
     */
    FlowStart start(UUID appDeviceId, UUID phoneNumberUniqueId, Purpose purpose, Long connectionId);

    /**
     * One step of the registration and login flows: makes sure the phone number exists and is associated
     * with the device, then starts (or retrieves) the flow, in one transaction.
     *
     * @throws InvalidInputException for a malformed number or region, or an unregistered device; nothing is written
     */
    PhoneFlowStart startForPhoneNumber(
            UUID appDeviceId, String phoneNumber, String region, Purpose purpose, Long connectionId);

    /**
     * Whether the flow may get a new OTP now; marks it expired or failed when it can no longer get one.
     *
     * @throws InvalidInputException when the id is null; nothing is written
     */
    ResendDecision requestResend(UUID flowUniqueId);

    /**
     * Stores a new OTP (its hash and salt, never the code) as the flow's active one, within the flow's
     * limits. Its expiry is capped at the flow's.
     *
     * @throws InvalidInputException for an empty or over-long hash or salt, or an expiry not in the future;
     *                               nothing is written
     */
    OtpIssue issueOtp(UUID flowUniqueId, String otpHash, String otpSalt, Instant expiresAt);

    /**
     * The resend step: checks that the flow may get a new OTP and stores it, in one transaction.
     *
     * @throws InvalidInputException as {@link #issueOtp}; nothing is written
     */
    OtpResend resendOtp(UUID flowUniqueId, String otpHash, String otpSalt, Instant expiresAt);

    /**
     * Issues an OTP with a generated code: a random code of the configured length (SecureRandom) and a
     * random 16-byte salt; only the code's HMAC and the salt are stored, within the flow's limits. The
     * code is returned once, to be sent to the user; it is not kept anywhere.
     *
     * @throws ConfigurationException when the API was built without an OTP key
     * @throws InvalidInputException when the id is null or the expiry not in the future; nothing is written
     */
    OtpCodeIssue issueCode(UUID flowUniqueId, Instant expiresAt);

    /**
     * The resend step with a generated code: checks that the flow may get a new OTP and stores it, in one
     * transaction, as {@link #resendOtp} does; the new code is returned once, when stored.
     *
     * @throws ConfigurationException when the API was built without an OTP key
     * @throws InvalidInputException as {@link #issueCode}; nothing is written
     */
    OtpCodeResend resendCode(UUID flowUniqueId, Instant expiresAt);

    /**
     * Checks the code a user entered against the flow's active OTP: reads its salt
     * ({@code GetFullFlowState}), hashes the code with the OTP key, and lets the database compare under
     * the flow's lock ({@code VerifyOtp}). A wrong code keeps the OTP usable until the flow's failed
     * checks reach {@code OTP.MaxAttempts}.
     *
     * @throws ConfigurationException when the API was built without an OTP key, or the active OTP was not
     *                               issued with a generated code (its salt is not hex)
     * @throws InvalidInputException when the id is null or the code empty or longer than
     *                               {@value #MAX_ENTERED_CODE_LENGTH}; nothing is written
     */
    OtpCheck verifyCode(UUID flowUniqueId, String enteredCode);

    /**
     * Checks the hash of an entered code, made by the caller with the active OTP's salt (see
     * {@link ActiveOtp#salt()}), against the stored hash (exact, case-sensitive), under the flow's lock.
     *
     * @throws InvalidInputException when the id is null or the hash empty or too long; nothing is written
     */
    OtpCheck verifyHash(UUID flowUniqueId, String otpHash);

    /**
     * Records the result of checking an OTP: {@code VERIFIED} verifies its flow too; {@code FAILED}
     * counts a failed check, and the check that reaches the limit fails the flow.
     *
     * @throws InvalidInputException when the id or the status is null; nothing is written
     */
    OtpStatusOutcome updateOtpStatus(UUID otpUniqueId, OtpStatus newStatus);

    /**
     * Moves a flow to a new status; verifying it makes it usable for the verified-flow lifetime.
     *
     * @throws InvalidInputException when the id or the status is null; nothing is written
     */
    FlowStatusOutcome updateFlowStatus(UUID flowUniqueId, FlowStatus newStatus);

    /**
     * Expires every pending OTP of a flow.
     *
     * @throws InvalidInputException when the id is null; nothing is written
     */
    OtpExpiry expireOtps(UUID flowUniqueId);

    /**
     * The live flow with this id and its active OTP, if the flow exists.
     *
     * @throws InvalidInputException when the id is null
     */
    Optional<FlowState> flowState(UUID flowUniqueId);
}
