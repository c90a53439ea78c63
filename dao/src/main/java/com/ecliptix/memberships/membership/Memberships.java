package com.ecliptix.memberships.membership;

import com.ecliptix.memberships.InvalidInputException;
import java.util.UUID;

/**
 * Memberships: creation from a verified registration flow, the secure key, and key recovery. Creation
 * is limited per phone number (failed creations per hour) by the database, under a lock on the number.
 */
public interface Memberships {

    /** The longest outcome text an attempt log stores. */
    int MAX_OUTCOME_LENGTH = 50;

    /**
     * Creates the membership of a verified registration flow: the flow must be live, started on
     * {@code connectionId} (null for a flow started without a connection), and verified by
     * {@code otpUniqueId}. A phone's second creation returns its existing membership. The new membership is
     * {@code INACTIVE} until its secure key is set.
     *
     * @param connectionId the connection the flow was started on, or null when it was started without one
     * @throws InvalidInputException when the flow or OTP id is null; nothing is written
     */
    MembershipCreation create(UUID flowUniqueId, Long connectionId, UUID otpUniqueId);

    /**
     * Stores the membership's secure key, which makes it {@code ACTIVE} / {@code SECURE_KEY_SET}. Also the
     * last step of key recovery.
     *
     * @throws InvalidInputException when the id or the key is null, or the key is empty; nothing is written
     */
    SecureKeyUpdate setSecureKey(UUID membershipUniqueId, byte[] secureKey);

    /**
     * Whether the membership of this phone number may recover its secure key (the first step of recovery).
     *
     * @throws InvalidInputException when the number is not E.164; nothing is written
     */
    RecoveryEligibility checkRecovery(String phoneNumber);

    /**
     * Records a membership attempt made outside {@link #create}. Failures (other than
     * {@code rate_limited}) count toward the creation limit of the phone number.
     *
     * @throws InvalidInputException for a null phone id or an empty or over-long outcome, or a phone that does
     *                               not exist; nothing is written
     */
    void logAttempt(UUID phoneNumberUniqueId, String outcome, boolean success);
}
