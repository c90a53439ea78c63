package com.ecliptix.memberships.membership;

import com.ecliptix.memberships.internal.Codes;

/** How far a membership's creation has come. */
public enum CreationStatus implements Codes.Coded {
    OTP_VERIFIED,
    SECURE_KEY_SET,
    PASSPHRASE_SET;
}
