package com.ecliptix.memberships.login;

import com.ecliptix.memberships.membership.MembershipStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to a login.
 *
 * @param outcome            what happened
 * @param membershipUniqueId the phone's membership, when one was found
 * @param status             its status, when one was found
 * @param lockedFor          how long logins stay locked: with {@link LoginOutcome#LOCKED_OUT} the time left,
 *                           and on the failure that started a lockout, its whole duration
 * @param secureKey          the membership's secure key, with {@link LoginOutcome#SUCCESS} only
 */
public record LoginResult(
        LoginOutcome outcome,
        Optional<UUID> membershipUniqueId,
        Optional<MembershipStatus> status,
        Optional<Duration> lockedFor,
        Optional<byte[]> secureKey) {

    /** Never prints the key. */
    @Override
    public String toString() {
        return "LoginResult[outcome=" + outcome + ", membershipUniqueId=" + membershipUniqueId + ", status=" + status
                + ", lockedFor=" + lockedFor + ", secureKey=" + secureKey.map(k -> "(" + k.length + " bytes)").orElse("none") + "]";
    }
}
