package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.InvalidInputException;
import java.util.regex.Pattern;

/** Input checks shared by the domain APIs; each throws {@link InvalidInputException} naming the parameter. */
public final class Inputs {

    /** E.164, as the contract defines it. */
    public static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern REGION = Pattern.compile("^[A-Z]{2}$");

    private Inputs() {
    }

    public static <T> T required(String parameter, T value) {
        if (value == null) {
            throw new InvalidInputException(parameter, "is required");
        }
        return value;
    }

    public static String phoneNumber(String parameter, String value) {
        required(parameter, value);
        if (!E164.matcher(value).matches()) {
            throw new InvalidInputException(parameter, "is not an E.164 phone number (+ and 7 to 15 digits, no leading 0)");
        }
        return value;
    }

    /** A two-letter ISO 3166 region code (upper case), or null. */
    public static String region(String parameter, String value) {
        if (value != null && !REGION.matcher(value).matches()) {
            throw new InvalidInputException(parameter, "is not a two-letter upper-case ISO region code");
        }
        return value;
    }

    public static String text(String parameter, String value, int maxLength) {
        required(parameter, value);
        if (value.isEmpty() || value.length() > maxLength) {
            throw new InvalidInputException(parameter, "must be 1 to " + maxLength + " characters");
        }
        return value;
    }

    public static int positive(String parameter, int value) {
        if (value <= 0) {
            throw new InvalidInputException(parameter, "must be greater than 0");
        }
        return value;
    }
}
