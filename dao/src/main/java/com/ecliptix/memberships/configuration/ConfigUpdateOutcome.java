package com.ecliptix.memberships.configuration;

import com.ecliptix.memberships.internal.Codes;

/** What {@link Configuration#set} did. */
public enum ConfigUpdateOutcome implements Codes.Coded {
    /** An existing key has the new value. */
    UPDATED,
    /** A new key (of data type string) was created. */
    CREATED;
}
