package com.ecliptix.memberships.verification;

import static com.ecliptix.memberships.generated.Tables.GET_FULL_FLOW_STATE;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.ExpireAssociatedOtp;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.RequestResendOtp;
import com.ecliptix.memberships.generated.routines.UpdateOtpStatus;
import com.ecliptix.memberships.generated.routines.UpdateVerificationFlowStatus;
import com.ecliptix.memberships.generated.tables.records.GetFullFlowStateRecord;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Database;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.phone.PhoneNumbers;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Verification flows and their one-time passwords. The OTP code itself never reaches this API: callers
 * store a hash and salt of it, and report whether the user's entry matched.
 *
 * <p>The limits (flows per phone per hour, OTPs per flow, resend cooldown, failed checks) are enforced by
 * the database under a lock on the phone or the flow, so parallel calls cannot slip past them.
 */
public final class Verification {

    /** The longest hash or salt the schema stores. */
    public static final int MAX_HASH_LENGTH = 255;

    private final Database database;

    public Verification(Database database) {
        this.database = database;
    }

    /**
     * Starts a verification flow for a device and a phone number, or returns the device's live flow for
     * the same phone and purpose (pending: {@code RETRIEVED}, verified: {@code VERIFIED}).
     *
     * @param connectionId the client connection the flow belongs to, or null
     * @throws InvalidInputException when an id or the purpose is null; nothing is written
     */
    public FlowStart start(UUID appDeviceId, UUID phoneNumberUniqueId, Purpose purpose, Long connectionId) {
        return start(database, appDeviceId, phoneNumberUniqueId, purpose, connectionId);
    }

    /**
     * One step of the registration and login flows: makes sure the phone number exists and is associated
     * with the device, then starts (or retrieves) the flow, in one transaction.
     *
     * @throws InvalidInputException for a malformed number or region, or an unregistered device; nothing is written
     */
    public PhoneFlowStart startForPhoneNumber(
            UUID appDeviceId, String phoneNumber, String region, Purpose purpose, Long connectionId) {
        Inputs.required("AppDeviceId", appDeviceId);
        Inputs.required("Purpose", purpose);
        return database.transaction("startForPhoneNumber", tx -> {
            UUID phone = new PhoneNumbers(tx).ensure(phoneNumber, region, appDeviceId).phoneNumberUniqueId();
            return new PhoneFlowStart(phone, start(tx, appDeviceId, phone, purpose, connectionId));
        });
    }

    private static FlowStart start(Database db, UUID appDeviceId, UUID phoneNumberUniqueId, Purpose purpose, Long connectionId) {
        InitiateVerificationFlow call = new InitiateVerificationFlow();
        call.setAppDeviceId(Inputs.required("AppDeviceId", appDeviceId));
        call.setPhoneNumberUniqueId(Inputs.required("PhoneNumberUniqueId", phoneNumberUniqueId));
        call.setPurpose(Inputs.required("Purpose", purpose).code());
        call.setConnectionId(connectionId);
        db.call(call);
        FlowStartOutcome outcome = Codes.parse(call.getName(), FlowStartOutcome.class, call.getOutcome(),
                Map.of("invalid_purpose", "Purpose"));
        return new FlowStart(outcome, Optional.ofNullable(call.getFlowUniqueId()));
    }

    /** Whether the flow may get a new OTP now; marks it expired or failed when it can no longer get one. */
    public ResendDecision requestResend(UUID flowUniqueId) {
        RequestResendOtp call = new RequestResendOtp();
        call.setFlowUniqueId(flowUniqueId);
        database.call(call);
        return new ResendDecision(
                Codes.parse(call.getName(), ResendOutcome.class, call.getOutcome()),
                Codes.seconds(call.getRetryAfterSeconds()));
    }

    /**
     * Stores a new OTP (its hash and salt, never the code) as the flow's active one, within the flow's
     * limits. Its expiry is capped at the flow's.
     *
     * @throws InvalidInputException for an empty or over-long hash or salt, or an expiry not in the future;
     *                               nothing is written
     */
    public OtpIssue issueOtp(UUID flowUniqueId, String otpHash, String otpSalt, Instant expiresAt) {
        InsertOtpRecord call = insertOtpRecord(flowUniqueId, otpHash, otpSalt, expiresAt);
        database.call(call);
        return new OtpIssue(
                Codes.parse(call.getName(), OtpIssueOutcome.class, call.getOutcome(), Map.of("invalid_input", "ExpiresAt")),
                Optional.ofNullable(call.getOtpUniqueId()),
                Codes.seconds(call.getRetryAfterSeconds()));
    }

    /**
     * The resend step: checks that the flow may get a new OTP and stores it, in one transaction.
     *
     * @throws InvalidInputException as {@link #issueOtp}; nothing is written
     */
    public OtpResend resendOtp(UUID flowUniqueId, String otpHash, String otpSalt, Instant expiresAt) {
        InsertOtpRecord insert = insertOtpRecord(flowUniqueId, otpHash, otpSalt, expiresAt);
        return database.transaction("resendOtp", tx -> {
            RequestResendOtp check = new RequestResendOtp();
            check.setFlowUniqueId(flowUniqueId);
            tx.call(check);
            ResendOutcome decision = Codes.parse(check.getName(), ResendOutcome.class, check.getOutcome());
            if (decision != ResendOutcome.RESEND_ALLOWED) {
                return new OtpResend(decision, Optional.empty(), Codes.seconds(check.getRetryAfterSeconds()));
            }
            tx.call(insert);
            // InsertOtpRecord checks again under the flow's lock; a parallel resend may have won.
            ResendOutcome stored = "created".equals(insert.getOutcome())
                    ? ResendOutcome.RESEND_ALLOWED
                    : Codes.parse(insert.getName(), ResendOutcome.class, insert.getOutcome(), Map.of("invalid_input", "ExpiresAt"));
            return new OtpResend(stored, Optional.ofNullable(insert.getOtpUniqueId()), Codes.seconds(insert.getRetryAfterSeconds()));
        });
    }

    private static InsertOtpRecord insertOtpRecord(UUID flowUniqueId, String otpHash, String otpSalt, Instant expiresAt) {
        InsertOtpRecord call = new InsertOtpRecord();
        call.setFlowUniqueId(Inputs.required("FlowUniqueId", flowUniqueId));
        call.setOtpHash(Inputs.text("OtpHash", otpHash, MAX_HASH_LENGTH));
        call.setOtpSalt(Inputs.text("OtpSalt", otpSalt, MAX_HASH_LENGTH));
        call.setExpiresAt(Inputs.required("ExpiresAt", expiresAt));
        return call;
    }

    /**
     * Records the result of checking an OTP: {@code VERIFIED} verifies its flow too; {@code FAILED}
     * counts a failed check, and the check that reaches the limit fails the flow.
     *
     * @throws InvalidInputException when the status is null; nothing is written
     */
    public OtpStatusOutcome updateOtpStatus(UUID otpUniqueId, OtpStatus newStatus) {
        UpdateOtpStatus call = new UpdateOtpStatus();
        call.setOtpUniqueId(otpUniqueId);
        call.setNewStatus(Inputs.required("NewStatus", newStatus).code());
        database.call(call);
        return Codes.parse(call.getName(), OtpStatusOutcome.class, call.getOutcome(), Map.of("invalid_status", "NewStatus"));
    }

    /**
     * Moves a flow to a new status; verifying it makes it usable for the verified-flow lifetime.
     *
     * @throws InvalidInputException when the status is null; nothing is written
     */
    public FlowStatusOutcome updateFlowStatus(UUID flowUniqueId, FlowStatus newStatus) {
        UpdateVerificationFlowStatus call = new UpdateVerificationFlowStatus();
        call.setFlowUniqueId(flowUniqueId);
        call.setNewStatus(Inputs.required("NewStatus", newStatus).code());
        database.call(call);
        return Codes.parse(call.getName(), FlowStatusOutcome.class, call.getOutcome(), Map.of("invalid_status", "NewStatus"));
    }

    /** Expires every pending OTP of a flow. */
    public OtpExpiry expireOtps(UUID flowUniqueId) {
        ExpireAssociatedOtp call = new ExpireAssociatedOtp();
        call.setFlowUniqueId(flowUniqueId);
        database.call(call);
        Integer count = call.getExpiredCount();
        return new OtpExpiry(Codes.parse(call.getName(), OtpExpiryOutcome.class, call.getOutcome()), count == null ? 0 : count);
    }

    /** The live flow with this id and its active OTP, if the flow exists. */
    public Optional<FlowState> flowState(UUID flowUniqueId) {
        if (flowUniqueId == null) {
            return Optional.empty();
        }
        return database.fetchOne(GET_FULL_FLOW_STATE.call(flowUniqueId)).map(Verification::flowState);
    }

    private static FlowState flowState(GetFullFlowStateRecord row) {
        String routine = "GetFullFlowState";
        Optional<ActiveOtp> otp = row.getOtpUniqueId() == null
                ? Optional.empty()
                : Optional.of(new ActiveOtp(row.getOtpUniqueId(), row.getOtpExpiresAt(),
                        Codes.parse(routine, OtpStatus.class, row.getOtpStatus())));
        return new FlowState(
                row.getUniqueId(),
                row.getPhoneNumberUniqueId(),
                row.getAppDeviceId(),
                row.getConnectionId() == null ? OptionalLong.empty() : OptionalLong.of(row.getConnectionId()),
                row.getExpiresAt(),
                Codes.parse(routine, FlowStatus.class, row.getStatus()),
                Codes.parse(routine, Purpose.class, row.getPurpose()),
                row.getOtpCount(),
                otp);
    }
}
