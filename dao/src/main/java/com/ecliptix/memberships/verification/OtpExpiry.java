package com.ecliptix.memberships.verification;

/**
 * The answer to expiring a flow's OTPs.
 *
 * @param outcome      what happened
 * @param expiredCount how many pending OTPs were expired (0 when the flow was not found)
 */
public record OtpExpiry(OtpExpiryOutcome outcome, int expiredCount) {
}
