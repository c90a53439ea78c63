package com.ecliptix.memberships.verification;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A verification flow as {@code GetFullFlowState} reads it.
 *
 * @param uniqueId            the flow's id
 * @param phoneNumberUniqueId the phone number it verifies
 * @param appDeviceId         the device that started it
 * @param connectionId        the connection it was started on, if one was given
 * @param expiresAt           when it stops being usable
 * @param status              its status
 * @param purpose             why it was started
 * @param otpCount            how many OTPs it has had
 * @param activeOtp           its active OTP that has not expired, if any
 */
public record FlowState(
        UUID uniqueId,
        UUID phoneNumberUniqueId,
        UUID appDeviceId,
        OptionalLong connectionId,
        Instant expiresAt,
        FlowStatus status,
        Purpose purpose,
        int otpCount,
        Optional<ActiveOtp> activeOtp) {
}
