package com.ecliptix.memberships.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line's exit codes, one per kind of outcome, the same for every verb (docs/command-line.md
 * lists them; {@code --help} too). Connection problems are told apart so that a script can react to each.
 */
public final class ExitCode {

    /** The verb did what it was asked and found nothing wrong. */
    public static final int OK = 0;
    /**
     * The verb ran and the answer is "no": an incomplete schema, drift, failed validation, a migration that
     * failed or that Flyway refused, a baseline or cleanup the database refused.
     */
    public static final int FAILED = 1;
    /** Bad arguments, no database given, or a catalog that cannot be read (drift's and snapshot's 2, kept). */
    public static final int USAGE = 2;
    /** The JDBC URL is not a PostgreSQL or SQL Server URL the drivers can read. */
    public static final int MALFORMED_URL = 3;
    /** Nothing answers at the URL's host and port (refused, unknown host, timed out). */
    public static final int UNREACHABLE = 4;
    /** The server answered and refused the login (unknown user, wrong or missing password, no LOGIN). */
    public static final int BAD_LOGIN = 5;
    /** The server answered and accepted the login, but the URL's database does not exist. */
    public static final int MISSING_DATABASE = 6;
    /** {@code clean} without {@code --allow-clean} and {@code --confirm} naming the database: nothing done. */
    public static final int REFUSED = 7;

    /** A code's name for scripts ({@code status --json} errors): {@code unreachable}, {@code bad-login}... */
    static String kind(int code) {
        return switch (code) {
            case OK -> "ok";
            case FAILED -> "failed";
            case USAGE -> "usage";
            case MALFORMED_URL -> "malformed-url";
            case UNREACHABLE -> "unreachable";
            case BAD_LOGIN -> "bad-login";
            case MISSING_DATABASE -> "missing-database";
            case REFUSED -> "refused";
            default -> "exit-" + code;
        };
    }

    /** Every code with what it means, for {@code --help}. */
    static final Map<String, String> DESCRIPTIONS = descriptions();

    private ExitCode() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(String.valueOf(OK), "done, nothing wrong found");
        codes.put(String.valueOf(FAILED), "the answer is no: incomplete schema, drift, failed validation, failed migration");
        codes.put(String.valueOf(USAGE), "bad arguments, no database given, or a catalog that cannot be read");
        codes.put(String.valueOf(MALFORMED_URL), "malformed JDBC URL");
        codes.put(String.valueOf(UNREACHABLE), "no server answers at the URL's host and port");
        codes.put(String.valueOf(BAD_LOGIN), "the server refused the login");
        codes.put(String.valueOf(MISSING_DATABASE), "the URL's database does not exist");
        codes.put(String.valueOf(REFUSED), "clean refused: --allow-clean and --confirm DATABASE_NAME are required");
        return Collections.unmodifiableMap(codes);
    }
}
