package com.ecliptix.memberships.internal.domain;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.LogMembershipAttempt;
import com.ecliptix.memberships.generated.routines.UpdateMembershipSecureKey;
import com.ecliptix.memberships.generated.routines.VerifyPhoneForSecretKeyRecovery;
import com.ecliptix.memberships.internal.AttemptLogResult;
import com.ecliptix.memberships.internal.Codes;
import com.ecliptix.memberships.internal.Inputs;
import com.ecliptix.memberships.internal.Outputs;
import com.ecliptix.memberships.internal.RoutineCall;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.membership.CreationStatus;
import com.ecliptix.memberships.membership.MembershipCreation;
import com.ecliptix.memberships.membership.MembershipCreationOutcome;
import com.ecliptix.memberships.membership.MembershipStatus;
import com.ecliptix.memberships.membership.Memberships;
import com.ecliptix.memberships.membership.RecoveryEligibility;
import com.ecliptix.memberships.membership.RecoveryOutcome;
import com.ecliptix.memberships.membership.SecureKeyOutcome;
import com.ecliptix.memberships.membership.SecureKeyUpdate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link Memberships} over the routines. */
public final class DefaultMemberships implements Memberships {

    private final RoutineCalls routines;

    public DefaultMemberships(RoutineCalls routines) {
        this.routines = routines;
    }

    @Override
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

    @Override
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

    @Override
    public RecoveryEligibility checkRecovery(String phoneNumber) {
        Outputs out = routines.call(RoutineCall.of(VerifyPhoneForSecretKeyRecovery.class)
                .set(VerifyPhoneForSecretKeyRecovery.PHONE_NUMBER, Inputs.phoneNumber("PhoneNumber", phoneNumber)));
        return new RecoveryEligibility(
                Codes.parse(out.routine(), RecoveryOutcome.class, out.get(VerifyPhoneForSecretKeyRecovery.OUTCOME),
                        Map.of("invalid_phone_number", "PhoneNumber")),
                Optional.ofNullable(out.get(VerifyPhoneForSecretKeyRecovery.PHONE_NUMBER_UNIQUE_ID)));
    }

    @Override
    public void logAttempt(UUID phoneNumberUniqueId, String outcome, boolean success) {
        Outputs out = routines.call(RoutineCall.of(LogMembershipAttempt.class)
                .set(LogMembershipAttempt.PHONE_NUMBER_UNIQUE_ID, Inputs.required("PhoneNumberUniqueId", phoneNumberUniqueId))
                .set(LogMembershipAttempt.OUTCOME, Inputs.text("Outcome", outcome, MAX_OUTCOME_LENGTH))
                .set(LogMembershipAttempt.IS_SUCCESS, success));
        Codes.parse(out.routine(), AttemptLogResult.class, out.get(LogMembershipAttempt.RESULT),
                Map.of("invalid_input", "PhoneNumberUniqueId"));
    }
}
