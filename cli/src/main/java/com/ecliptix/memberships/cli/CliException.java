package com.ecliptix.memberships.cli;

/** A verb's failure that ends the command with one line on standard error and an {@link ExitCode}. */
final class CliException extends RuntimeException {

    private final int exitCode;
    private final boolean passwordWanted;

    CliException(int exitCode, String message) {
        this(exitCode, message, false);
    }

    /** @param passwordWanted a login the server refused because it wants a password (or another one) */
    CliException(int exitCode, String message, boolean passwordWanted) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.passwordWanted = passwordWanted;
    }

    int exitCode() {
        return exitCode;
    }

    boolean passwordWanted() {
        return passwordWanted;
    }
}
