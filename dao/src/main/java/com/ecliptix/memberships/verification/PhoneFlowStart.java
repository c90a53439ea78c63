package com.ecliptix.memberships.verification;

import java.util.UUID;

/**
 * The answer to {@link Verification#startForPhoneNumber}: the phone number the flow is for, and the flow.
 *
 * @param phoneNumberUniqueId the phone's {@code UniqueId}, created or found
 * @param flow                the flow start
 */
public record PhoneFlowStart(UUID phoneNumberUniqueId, FlowStart flow) {
}
