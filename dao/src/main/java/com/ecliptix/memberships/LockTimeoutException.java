package com.ecliptix.memberships;

import java.util.Optional;

/**
 * The lock of the call's subject (a phone number, a verification flow, a membership) was not granted within
 * the database's bound ({@code Locking.LockTimeoutMilliseconds}), because another transaction held it: a
 * stuck transaction, a slow operator script, or a burst of calls for the same subject. The call wrote
 * nothing and may be repeated. The message names the subject's kind, never the subject (no phone number).
 */
public final class LockTimeoutException extends RoutineCallException {

    private final String subjectKind;

    /**
     * Public for the API's own packages and for stand-ins in an application's tests.
     *
     * @param subjectKind the kind of the subject whose lock was not granted, e.g. {@code phone}, as the
     *                    database named it, or null when it did not; never the subject itself
     */
    public LockTimeoutException(String routine, String subjectKind, Throwable cause) {
        super(ErrorKind.LOCK_TIMEOUT, routine, (subjectKind == null ? "a lock the call needs" : "the " + subjectKind + " lock")
                + " was not granted in time, because another transaction holds it; nothing was written. Repeat the call"
                + " after a short pause; if it keeps happening, look for a long-running transaction on the database.", cause);
        this.subjectKind = subjectKind;
    }

    /** The kind of subject whose lock was not granted ({@code phone}, {@code flow}, {@code membership}, ...), when the database named it. */
    public Optional<String> subjectKind() {
        return Optional.ofNullable(subjectKind);
    }

    /** Always: the call wrote nothing. */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
