package com.ecliptix.memberships.membership;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.LogMembershipAttempt;
import com.ecliptix.memberships.generated.routines.UpdateMembershipSecureKey;
import com.ecliptix.memberships.generated.routines.VerifyPhoneForSecretKeyRecovery;
import com.ecliptix.memberships.internal.AttemptLogResult;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.DomainConstructors;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Memberships: creation from a verified registration flow, the secure key, and key recovery. Creation
 * is limited per phone number (failed creations per hour) by the database, under a lock on the number.
 */
public final class Memberships {

    /** The longest outcome text an attempt log stores. */
    public static final int MAX_OUTCOME_LENGTH = 50;

    private final RoutineCalls routines;

    static {
        DomainConstructors.register(Memberships.class, Memberships::new);
    }

    Memberships(RoutineCalls routines) {
        this.routines = routines;
    }

    /**
     * Creates the membership of a verified registration flow: the flow must be live, started on
     * {@code connectionId} (null for a flow started without a connection), and verified by
     * {@code otpUniqueId}. A phone's second creation returns its existing membership. The new membership is
     * {@code INACTIVE} until its secure key is set.
     *
     * @param connectionId the connection the flow was started on, or null when it was started without one
     * @throws InvalidInputException when the flow or OTP id is null; nothing is written
     */
    public MembershipCreation create(UUID flowUniqueId, Long connectionId, UUID otpUniqueId) {
        Outputs out = routines.call(RoutineCall.of(CreateMembership.class)
                .set(CreateMembership.FLOW_UNIQUE_ID, Inputs.required("FlowUniqueId", flowUniqueId))
                .set(CreateMembership.CONNECTION_ID, connectionId)
                .set(CreateMembership.OTP_UNIQUE_ID, Inputs.required("OtpUniqueId", otpUniqueId))
                .set(CreateMembership.CREATION_STATUS, Codes.code(CreationStatus.OTP_VERIFIED)));
        return new MembershipCreation(
                Codes.parse(out.routine(), MembershipCreationOutcome.class, out.get(CreateMembership.OUTCOME),
                        Map.of("invalid_creation_status", "CreationStatus")),
                Optional.ofNullable(out.get(CreateMembership.MEMBERSHIP_UNIQUE_ID)),
                Codes.parseOptional(out.routine(), MembershipStatus.class, out.get(CreateMembership.STATUS)),
                Codes.seconds(out.get(CreateMembership.RETRY_AFTER_SECONDS)));
    }

    /**
     * Stores the membership's secure key, which makes it {@code ACTIVE} / {@code SECURE_KEY_SET}. Also the
     * last step of key recovery.
     *
     * @throws InvalidInputException when the id or the key is null, or the key is empty; nothing is written
     */
    public SecureKeyUpdate setSecureKey(UUID membershipUniqueId, byte[] secureKey) {
        Inputs.required("MembershipUniqueId", membershipUniqueId);
        Inputs.required("SecureKey", secureKey);
        if (secureKey.length == 0) {
            throw new InvalidInputException("SecureKey", "must not be empty");
        }
        Outputs out = routines.call(RoutineCall.of(UpdateMembershipSecureKey.class)
                .set(UpdateMembershipSecureKey.MEMBERSHIP_UNIQUE_ID, membershipUniqueId)
                .set(UpdateMembershipSecureKey.SECURE_KEY, secureKey.clone()));
        return new SecureKeyUpdate(
                Codes.parse(out.routine(), SecureKeyOutcome.class, out.get(UpdateMembershipSecureKey.OUTCOME),
                        Map.of("invalid_secure_key", "SecureKey")),
                Codes.parseOptional(out.routine(), MembershipStatus.class, out.get(UpdateMembershipSecureKey.STATUS)),
                Codes.parseOptional(out.routine(), CreationStatus.class, out.get(UpdateMembershipSecureKey.CREATION_STATUS)));
    }

    /**
     * Whether the membership of this phone number may recover its secure key (the first step of recovery).
     *
     * @throws InvalidInputException when the number is not E.164; nothing is written
     */
    public RecoveryEligibility checkRecovery(String phoneNumber) {
        Outputs out = routines.call(RoutineCall.of(VerifyPhoneForSecretKeyRecovery.class)
                .set(VerifyPhoneForSecretKeyRecovery.PHONE_NUMBER, Inputs.phoneNumber("PhoneNumber", phoneNumber)));
        return new RecoveryEligibility(
                Codes.parse(out.routine(), RecoveryOutcome.class, out.get(VerifyPhoneForSecretKeyRecovery.OUTCOME),
                        Map.of("invalid_phone_number", "PhoneNumber")),
                Optional.ofNullable(out.get(VerifyPhoneForSecretKeyRecovery.PHONE_NUMBER_UNIQUE_ID)));
    }

    /**
     * Records a membership attempt made outside {@link #create}. Failures (other than
     * {@code rate_limited}) count toward the creation limit of the phone number.
     *
     * @throws InvalidInputException for a null phone id or an empty or over-long outcome, or a phone that does
     *                               not exist; nothing is written
     */
    public void logAttempt(UUID phoneNumberUniqueId, String outcome, boolean success) {
        Outputs out = routines.call(RoutineCall.of(LogMembershipAttempt.class)
                .set(LogMembershipAttempt.PHONE_NUMBER_UNIQUE_ID, Inputs.required("PhoneNumberUniqueId", phoneNumberUniqueId))
                .set(LogMembershipAttempt.OUTCOME, Inputs.text("Outcome", outcome, MAX_OUTCOME_LENGTH))
                .set(LogMembershipAttempt.IS_SUCCESS, success));
        Codes.parse(out.routine(), AttemptLogResult.class, out.get(LogMembershipAttempt.RESULT),
                Map.of("invalid_input", "PhoneNumberUniqueId"));
    }
}
