package com.ecliptix.memberships.internal;

import com.ecliptix.memberships.verification.OtpKey;
import com.ecliptix.memberships.verification.Verification;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Builds the domain objects ({@code Devices}, {@code Verification}, ...). Their constructors are
 * package-private, so an application gets them only from {@code EcliptixMemberships}; each domain class
 * hands its constructor to this class when it is initialised (the JDK's "shared secrets" pattern). This
 * package is not exported by the module.
 */
public final class DomainConstructors {

    /** Verification's constructor, which also takes the OTP settings. */
    public interface VerificationConstructor {
        Verification create(RoutineCalls routines, OtpKey otpKey, int codeLength);
    }

    private static final Map<Class<?>, Function<RoutineCalls, ?>> CONSTRUCTORS = new ConcurrentHashMap<>();
    private static volatile VerificationConstructor verification;

    private DomainConstructors() {
    }

    /** Called once by each domain class, from its static initialiser. */
    public static <T> void register(Class<T> type, Function<RoutineCalls, T> constructor) {
        CONSTRUCTORS.putIfAbsent(type, constructor);
    }

    /** Called once by {@link Verification}, from its static initialiser. */
    public static void register(VerificationConstructor constructor) {
        verification = constructor;
    }

    /** A domain object over {@code routines}: the API's, or a flow step's transaction. */
    public static <T> T create(Class<T> type, RoutineCalls routines) {
        initialise(type);
        Function<RoutineCalls, ?> constructor = CONSTRUCTORS.get(type);
        if (constructor == null) {
            throw new IllegalStateException(type.getName() + " registered no constructor");
        }
        return type.cast(constructor.apply(routines));
    }

    public static Verification verification(RoutineCalls routines, OtpKey otpKey, int codeLength) {
        initialise(Verification.class);
        return verification.create(routines, otpKey, codeLength);
    }

    /** Runs the class's static initialiser, which registers its constructor, if it has not run yet. */
    private static void initialise(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
