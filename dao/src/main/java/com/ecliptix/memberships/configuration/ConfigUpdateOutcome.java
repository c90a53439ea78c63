package com.ecliptix.memberships.configuration;

/** What {@link Configuration#set} did. */
public enum ConfigUpdateOutcome {
    /** An existing key has the new value. */
    UPDATED,
    /** A new key (of data type string) was created. */
    CREATED;
}
