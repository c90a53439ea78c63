package com.ecliptix.memberships.internal.domain;

import static com.ecliptix.memberships.generated.Tables.GET_FULL_FLOW_STATE;

import com.ecliptix.memberships.ConfigurationException;
import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.ExpireAssociatedOtp;
import com.ecliptix.memberships.generated.routines.InitiateVerificationFlow;
import com.ecliptix.memberships.generated.routines.InsertOtpRecord;
import com.ecliptix.memberships.generated.routines.RequestResendOtp;
import com.ecliptix.memberships.generated.routines.UpdateOtpStatus;
import com.ecliptix.memberships.generated.routines.UpdateVerificationFlowStatus;
import com.ecliptix.memberships.generated.routines.VerifyOtp;
import com.ecliptix.memberships.generated.tables.records.GetFullFlowStateRecord;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.verification.ActiveOtp;
import com.ecliptix.memberships.verification.FlowStart;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.FlowState;
import com.ecliptix.memberships.verification.FlowStatus;
import com.ecliptix.memberships.verification.FlowStatusOutcome;
import com.ecliptix.memberships.verification.OtpCheck;
import com.ecliptix.memberships.verification.OtpCheckOutcome;
import com.ecliptix.memberships.verification.OtpCode;
import com.ecliptix.memberships.verification.OtpCodeIssue;
import com.ecliptix.memberships.verification.OtpCodeResend;
import com.ecliptix.memberships.verification.OtpExpiry;
import com.ecliptix.memberships.verification.OtpExpiryOutcome;
import com.ecliptix.memberships.verification.OtpIssue;
import com.ecliptix.memberships.verification.OtpIssueOutcome;
import com.ecliptix.memberships.verification.OtpKey;
import com.ecliptix.memberships.verification.OtpResend;
import com.ecliptix.memberships.verification.OtpStatus;
import com.ecliptix.memberships.verification.OtpStatusOutcome;
import com.ecliptix.memberships.verification.PhoneFlowStart;
import com.ecliptix.memberships.verification.Purpose;
import com.ecliptix.memberships.verification.ResendDecision;
import com.ecliptix.memberships.verification.ResendOutcome;
import com.ecliptix.memberships.verification.Verification;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/** {@link Verification} over the routines. */
public final class DefaultVerification implements Verification {

    /** Random bytes per salt. */
    static final int SALT_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoutineCalls routines;

    private final OtpKey otpKey;

    private final int codeLength;

    /** Without an OTP key: generated codes are not available, hash-and-salt methods are. */
    public DefaultVerification(RoutineCalls routines) {
        this(routines, null, DEFAULT_CODE_LENGTH);
    }

    /**
     * @param otpKey     the key generated codes are hashed with, or null for none
     * @param codeLength the digits of a generated code, {@value #MIN_CODE_LENGTH} to {@value #MAX_CODE_LENGTH}
     */
    public DefaultVerification(RoutineCalls routines, OtpKey otpKey, int codeLength) {
        this.routines = routines;
        this.otpKey = otpKey;
        this.codeLength = codeLength(codeLength);
    }

    /** Checks a configured code length. */
    public static int codeLength(int digits) {
        if (digits < MIN_CODE_LENGTH || digits > MAX_CODE_LENGTH) {
            throw new InvalidInputException("otpCodeLength", "must be " + MIN_CODE_LENGTH + " to " + MAX_CODE_LENGTH + " digits");
        }
        return digits;
    }

    @Override
    public FlowStart start(UUID appDeviceId, UUID phoneNumberUniqueId, Purpose purpose, Long connectionId) {
        return start(routines, appDeviceId, phoneNumberUniqueId, purpose, connectionId);
    }

    @Override
    public PhoneFlowStart startForPhoneNumber(
            UUID appDeviceId, String phoneNumber, String region, Purpose purpose, Long connectionId) {
        Inputs.required("AppDeviceId", appDeviceId);
        Inputs.required("Purpose", purpose);
        return routines.transaction("startForPhoneNumber", tx -> {
            UUID phone = new DefaultPhoneNumbers(tx).ensure(phoneNumber, region, appDeviceId).phoneNumberUniqueId();
            return new PhoneFlowStart(phone, start(tx, appDeviceId, phone, purpose, connectionId));
        });
    }

    private static FlowStart start(RoutineCalls db, UUID appDeviceId, UUID phoneNumberUniqueId, Purpose purpose, Long connectionId) {
        Outputs out = db.call(RoutineCall.of(InitiateVerificationFlow.class)
                .set(InitiateVerificationFlow.APP_DEVICE_ID, Inputs.required("AppDeviceId", appDeviceId))
                .set(InitiateVerificationFlow.PHONE_NUMBER_UNIQUE_ID, Inputs.required("PhoneNumberUniqueId", phoneNumberUniqueId))
                .set(InitiateVerificationFlow.PURPOSE, Codes.code(Inputs.required("Purpose", purpose)))
                .set(InitiateVerificationFlow.CONNECTION_ID, connectionId));
        FlowStartOutcome outcome = Codes.parse(out.routine(), FlowStartOutcome.class, out.get(InitiateVerificationFlow.OUTCOME),
                Map.of("invalid_purpose", "Purpose"));
        return new FlowStart(outcome, Optional.ofNullable(out.get(InitiateVerificationFlow.FLOW_UNIQUE_ID)));
    }

    @Override
    public ResendDecision requestResend(UUID flowUniqueId) {
        Outputs out = routines.call(RoutineCall.of(RequestResendOtp.class)
                .set(RequestResendOtp.FLOW_UNIQUE_ID, Inputs.required("FlowUniqueId", flowUniqueId)));
        return new ResendDecision(
                Codes.parse(out.routine(), ResendOutcome.class, out.get(RequestResendOtp.OUTCOME)),
                Codes.seconds(out.get(RequestResendOtp.RETRY_AFTER_SECONDS)));
    }

    @Override
    public OtpIssue issueOtp(UUID flowUniqueId, String otpHash, String otpSalt, Instant expiresAt) {
        Outputs out = routines.call(insertOtpRecord(flowUniqueId, otpHash, otpSalt, expiresAt));
        return new OtpIssue(
                Codes.parse(out.routine(), OtpIssueOutcome.class, out.get(InsertOtpRecord.OUTCOME),
                        Map.of("invalid_input", "ExpiresAt")),
                Optional.ofNullable(out.get(InsertOtpRecord.OTP_UNIQUE_ID)),
                Codes.seconds(out.get(InsertOtpRecord.RETRY_AFTER_SECONDS)));
    }

    @Override
    public OtpResend resendOtp(UUID flowUniqueId, String otpHash, String otpSalt, Instant expiresAt) {
        RoutineCall insert = insertOtpRecord(flowUniqueId, otpHash, otpSalt, expiresAt);
        return routines.transaction("resendOtp", tx -> {
            Outputs check = tx.call(RoutineCall.of(RequestResendOtp.class).set(RequestResendOtp.FLOW_UNIQUE_ID, flowUniqueId));
            ResendOutcome decision = Codes.parse(check.routine(), ResendOutcome.class, check.get(RequestResendOtp.OUTCOME));
            if (decision != ResendOutcome.RESEND_ALLOWED) {
                return new OtpResend(decision, Optional.empty(), Codes.seconds(check.get(RequestResendOtp.RETRY_AFTER_SECONDS)));
            }
            Outputs inserted = tx.call(insert);
            // InsertOtpRecord checks again under the flow's lock; a parallel resend may have won.
            ResendOutcome stored = "created".equals(inserted.get(InsertOtpRecord.OUTCOME))
                    ? ResendOutcome.RESEND_ALLOWED
                    : Codes.parse(inserted.routine(), ResendOutcome.class, inserted.get(InsertOtpRecord.OUTCOME),
                            Map.of("invalid_input", "ExpiresAt"));
            return new OtpResend(stored, Optional.ofNullable(inserted.get(InsertOtpRecord.OTP_UNIQUE_ID)),
                    Codes.seconds(inserted.get(InsertOtpRecord.RETRY_AFTER_SECONDS)));
        });
    }

    private static RoutineCall insertOtpRecord(UUID flowUniqueId, String otpHash, String otpSalt, Instant expiresAt) {
        return RoutineCall.of(InsertOtpRecord.class)
                .set(InsertOtpRecord.FLOW_UNIQUE_ID, Inputs.required("FlowUniqueId", flowUniqueId))
                .set(InsertOtpRecord.OTP_HASH, Inputs.text("OtpHash", otpHash, MAX_HASH_LENGTH))
                .set(InsertOtpRecord.OTP_SALT, Inputs.text("OtpSalt", otpSalt, MAX_HASH_LENGTH))
                .set(InsertOtpRecord.EXPIRES_AT, Inputs.required("ExpiresAt", expiresAt));
    }

    @Override
    public OtpCodeIssue issueCode(UUID flowUniqueId, Instant expiresAt) {
        OtpKey key = requireKey();
        OtpCode code = newCode();
        byte[] salt = newSalt();
        OtpIssue issue = issueOtp(flowUniqueId, key.hash(salt, code.digits()), HexFormat.of().formatHex(salt), expiresAt);
        return new OtpCodeIssue(issue.outcome(), issue.otpUniqueId(), issue.retryAfter(),
                issue.outcome() == OtpIssueOutcome.CREATED ? Optional.of(code) : Optional.empty());
    }

    @Override
    public OtpCodeResend resendCode(UUID flowUniqueId, Instant expiresAt) {
        OtpKey key = requireKey();
        OtpCode code = newCode();
        byte[] salt = newSalt();
        OtpResend resend = resendOtp(flowUniqueId, key.hash(salt, code.digits()), HexFormat.of().formatHex(salt), expiresAt);
        return new OtpCodeResend(resend.outcome(), resend.otpUniqueId(), resend.retryAfter(),
                resend.otpUniqueId().isPresent() ? Optional.of(code) : Optional.empty());
    }

    @Override
    public OtpCheck verifyCode(UUID flowUniqueId, String enteredCode) {
        Inputs.required("FlowUniqueId", flowUniqueId);
        Inputs.text("code", enteredCode, MAX_ENTERED_CODE_LENGTH);
        OtpKey key = requireKey();
        // Without an active OTP there is no salt: VerifyOtp then answers from the flow's state, before
        // it would compare any hash.
        byte[] salt = flowState(flowUniqueId)
                .flatMap(FlowState::activeOtp)
                .map(otp -> saltBytes(otp.salt()))
                .orElse(new byte[0]);
        return verifyHash(flowUniqueId, key.hash(salt, enteredCode));
    }

    @Override
    public OtpCheck verifyHash(UUID flowUniqueId, String otpHash) {
        Outputs out = routines.call(RoutineCall.of(VerifyOtp.class)
                .set(VerifyOtp.FLOW_UNIQUE_ID, Inputs.required("FlowUniqueId", flowUniqueId))
                .set(VerifyOtp.OTP_HASH, Inputs.text("OtpHash", otpHash, MAX_HASH_LENGTH)));
        OtpCheckOutcome outcome = Codes.parse(out.routine(), OtpCheckOutcome.class, out.get(VerifyOtp.OUTCOME),
                Map.of("invalid_input", "OtpHash"));
        Integer remaining = out.get(VerifyOtp.REMAINING_ATTEMPTS);
        return new OtpCheck(outcome, remaining == null ? OptionalInt.empty() : OptionalInt.of(remaining),
                Optional.ofNullable(out.get(VerifyOtp.OTP_UNIQUE_ID)));
    }

    private OtpKey requireKey() {
        if (otpKey == null) {
            throw new ConfigurationException("No OTP key configured: generated codes need the application's OTP key;"
                    + " build the API with EcliptixMemberships.builder().otpKey(...) or .otpKeyFromEnvironment(\"ECLIPTIX_OTP_KEY\")"
                    + " (at least " + OtpKey.MIN_LENGTH + " bytes), or hash codes yourself with issueOtp and verifyHash");
        }
        return otpKey;
    }

    private OtpCode newCode() {
        int bound = 1;
        for (int i = 0; i < codeLength; i++) {
            bound *= 10;
        }
        return new OtpCode(String.format("%0" + codeLength + "d", RANDOM.nextInt(bound)));
    }

    private static byte[] newSalt() {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return salt;
    }

    private static byte[] saltBytes(String salt) {
        try {
            return HexFormat.of().parseHex(salt);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The flow's active OTP was not issued with a generated code (its salt is not hex):"
                    + " check it with verifyHash, hashed as it was issued");
        }
    }

    @Override
    public OtpStatusOutcome updateOtpStatus(UUID otpUniqueId, OtpStatus newStatus) {
        Outputs out = routines.call(RoutineCall.of(UpdateOtpStatus.class)
                .set(UpdateOtpStatus.OTP_UNIQUE_ID, Inputs.required("OtpUniqueId", otpUniqueId))
                .set(UpdateOtpStatus.NEW_STATUS, Codes.code(Inputs.required("NewStatus", newStatus))));
        return Codes.parse(out.routine(), OtpStatusOutcome.class, out.get(UpdateOtpStatus.OUTCOME),
                Map.of("invalid_status", "NewStatus"));
    }

    @Override
    public FlowStatusOutcome updateFlowStatus(UUID flowUniqueId, FlowStatus newStatus) {
        Outputs out = routines.call(RoutineCall.of(UpdateVerificationFlowStatus.class)
                .set(UpdateVerificationFlowStatus.FLOW_UNIQUE_ID, Inputs.required("FlowUniqueId", flowUniqueId))
                .set(UpdateVerificationFlowStatus.NEW_STATUS, Codes.code(Inputs.required("NewStatus", newStatus))));
        return Codes.parse(out.routine(), FlowStatusOutcome.class, out.get(UpdateVerificationFlowStatus.OUTCOME),
                Map.of("invalid_status", "NewStatus"));
    }

    @Override
    public OtpExpiry expireOtps(UUID flowUniqueId) {
        Outputs out = routines.call(RoutineCall.of(ExpireAssociatedOtp.class)
                .set(ExpireAssociatedOtp.FLOW_UNIQUE_ID, Inputs.required("FlowUniqueId", flowUniqueId)));
        Integer count = out.get(ExpireAssociatedOtp.EXPIRED_COUNT);
        return new OtpExpiry(Codes.parse(out.routine(), OtpExpiryOutcome.class, out.get(ExpireAssociatedOtp.OUTCOME)),
                count == null ? 0 : count);
    }

    @Override
    public Optional<FlowState> flowState(UUID flowUniqueId) {
        Inputs.required("FlowUniqueId", flowUniqueId);
        return routines.fetchOne(GET_FULL_FLOW_STATE, flowUniqueId).map(DefaultVerification::flowState);
    }

    private static FlowState flowState(GetFullFlowStateRecord row) {
        String routine = "GetFullFlowState";
        Optional<ActiveOtp> otp = row.getOtpUniqueId() == null
                ? Optional.empty()
                : Optional.of(new ActiveOtp(row.getOtpUniqueId(), row.getOtpExpiresAt(),
                        Codes.parse(routine, OtpStatus.class, row.getOtpStatus()), row.getOtpSalt()));
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
