package com.ecliptix.memberships.membership;

/** How far a membership's creation has come. */
public enum CreationStatus {
    OTP_VERIFIED,
    SECURE_KEY_SET,
    PASSPHRASE_SET;
}
