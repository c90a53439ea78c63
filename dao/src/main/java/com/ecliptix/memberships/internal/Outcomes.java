package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.RoutineCallException;
import java.util.Map;

/**
 * Maps a routine's {@code Outcome} code to the API's enum. Codes that mean "bad input" (which the API
 * checks before calling) become {@link InvalidInputException}; a code outside the contract becomes
 * {@link RoutineCallException}.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /** Implemented by every outcome enum: the contract's code of each constant. */
    public interface Coded {
        String code();
    }

    public static <E extends Enum<E> & Coded> E parse(
            String routine, Class<E> type, String code, Map<String, String> badInputCodes) {
        for (E constant : type.getEnumConstants()) {
            if (constant.code().equals(code)) {
                return constant;
            }
        }
        String parameter = badInputCodes.get(code);
        if (parameter != null) {
            throw new InvalidInputException(parameter, "rejected by " + routine + " (" + code + ")");
        }
        throw new RoutineCallException(routine, "unexpected outcome '" + code + "'", null);
    }

    public static <E extends Enum<E> & Coded> E parse(String routine, Class<E> type, String code) {
        return parse(routine, type, code, Map.of());
    }
}
