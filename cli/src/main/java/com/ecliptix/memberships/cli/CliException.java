package com.ecliptix.memberships.cli;

/** A verb's failure that ends the command with one line on standard error and an {@link ExitCode}. */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
