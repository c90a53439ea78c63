package com.ecliptix.memberships.verification;

/** What {@link Verification#start} did. */
public enum FlowStartOutcome {
    /** A new pending flow. */
    CREATED,
    /** The device's live pending flow for this phone and purpose, returned again. */
    RETRIEVED,
    /** The device's live verified flow for this phone and purpose, still usable. */
    VERIFIED,
    /** The phone number has had too many flows in the last hour; no flow id. */
    RATE_LIMITED,
    /** No live phone number with that id. */
    PHONE_NOT_FOUND,
    /** No live device with that id. */
    DEVICE_NOT_FOUND;
}
