package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.RoutineCallException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a routine's codes (outcomes, statuses, purposes) to the API's enums and back. A constant's code is
 * its name in lower case ({@code RATE_LIMITED} is {@code rate_limited}), which is how the contract spells
 * every code; the enums themselves carry no code method, so that nothing of this package shows in their
 * public signature. Codes that mean "bad input" (which the API checks before calling) become
 * {@link InvalidInputException}; a code outside the contract becomes {@link RoutineCallException}.
 */
public final class Codes {

    /** Each enum's constants by code, built once per enum rather than on every call. */
    private static final ClassValue<Map<String, Object>> BY_CODE = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Map<String, Object> byCode = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                byCode.put(code((Enum<?>) constant), constant);
            }
            return Map.copyOf(byCode);
        }
    };

    private Codes() {
    }

    /** The contract's code of an enum constant. */
    public static String code(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E parse(
            String routine, Class<E> type, String code, Map<String, String> badInputCodes) {
        if (code == null) {
            throw new RoutineCallException(routine, "returned no " + type.getSimpleName(), null);
        }
        Object constant = BY_CODE.get(type).get(code);
        if (constant != null) {
            return type.cast(constant);
        }
        String parameter = badInputCodes.get(code);
        if (parameter != null) {
            throw new InvalidInputException(parameter, "rejected by " + routine + " (" + code + ")");
        }
        throw new RoutineCallException(routine, "unexpected outcome '" + code + "'", null);
    }

    public static <E extends Enum<E>> E parse(String routine, Class<E> type, String code) {
        return parse(routine, type, code, Map.of());
    }

    /** Like {@link #parse(String, Class, String)} for a code that may be absent (NULL output). */
    public static <E extends Enum<E>> Optional<E> parseOptional(String routine, Class<E> type, String code) {
        return code == null ? Optional.empty() : Optional.of(parse(routine, type, code));
    }

    /** A NULL-able seconds output as a duration. */
    public static Optional<Duration> seconds(Integer seconds) {
        return seconds == null ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }
}
