package com.ecliptix.memberships.verification;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The answer to checking an entered code.
 *
 * @param outcome      what happened
 * @param attemptsLeft the checks the flow still allows, after a wrong code ({@code 0} with
 *                     {@link OtpCheckOutcome#MAX_FAILED_ATTEMPTS_REACHED})
 * @param otpUniqueId  the OTP that was checked (with {@link OtpCheckOutcome#VERIFIED}, the one
 *                     {@code memberships().create} needs)
 */
public record OtpCheck(OtpCheckOutcome outcome, OptionalInt attemptsLeft, Optional<UUID> otpUniqueId) {
}
