package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.ErrorKind;
import com.ecliptix.memberships.schema.ConnectionSettings;
import java.util.function.Supplier;

/**
 * The verbs that run the operator's routines ({@code cleanup}, {@code config set}): only a login holding
 * {@code ecliptix_operator} (or the migrating user) may run them, and any other login is told so in one line.
 */
final class OperatorRole {

    static final String NAME = "ecliptix_operator";

    private OperatorRole() {
    }

    /** Runs {@code work}; a refusal for want of a privilege becomes one line naming the role it needs. */
    static <T> T require(String verb, String routine, ConnectionSettings settings, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (isPermissionDenied(e)) {
                String login = settings.user() == null ? "this login" : "the login " + settings.user();
                throw new CliException(ExitCode.FAILED, verb + " refused: " + login + " may not run " + routine
                        + "; it needs the role " + NAME + " (docs/operations.md, Roles). Nothing was changed.");
            }
            throw e;
        }
    }

    private static boolean isPermissionDenied(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EcliptixMembershipsException e) {
                return e.kind() == ErrorKind.PERMISSION_DENIED;
            }
        }
        return false;
    }
}
