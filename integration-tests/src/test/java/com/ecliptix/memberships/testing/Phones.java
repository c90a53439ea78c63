package com.ecliptix.memberships.testing;

import java.util.concurrent.ThreadLocalRandom;

/** Test data: valid E.164 numbers that no other test of the class uses. */
public final class Phones {

    private Phones() {
    }

    /** A random +1 number of 11 digits: +1 then 10 digits not starting with 0. */
    public static String unique() {
        return "+1" + ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_999_999_999L);
    }
}
