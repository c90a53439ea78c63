package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import java.io.Console;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which database a verb works on: {@code --url} and {@code --user}, else the environment variables
 * {@code ECLIPTIX_DB_URL} and {@code ECLIPTIX_DB_USER}. The password comes only
 * from the environment variable {@code ECLIPTIX_DB_PASSWORD} or from a prompt on the terminal: never from
 * an option, which other users of the machine could read in its process list.
 */
final class ConnectionOptions {

    /** The process's environment; tests give their own. */
    private final Map<String, String> environment;

    ConnectionOptions(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "The database, e.g. jdbc:postgresql://db:5432/memberships (default: ECLIPTIX_DB_URL).")
    private String url;

    @Option(names = "--user", paramLabel = "USER", description = "The login (default: ECLIPTIX_DB_USER).")
    private String user;

    @Option(names = {"-W", "--password-prompt"},
            description = "Ask for the password on the terminal, even when ECLIPTIX_DB_PASSWORD is set (without -W:"
                    + " ECLIPTIX_DB_PASSWORD, or a prompt when the server wants a password and a terminal is attached).")
    private boolean passwordPrompt;

    /** The URL given, by option or environment. */
    Optional<String> url() {
        return Optional.ofNullable(url).filter(u -> !u.isBlank()).or(() -> setting(ConnectionSettings.URL_VARIABLE));
    }

    /** The database given, connected once to check it; {@link ExitCode#USAGE} when none is given. */
    ConnectionSettings connect() {
        String jdbcUrl = url().orElseThrow(() -> new CliException(ExitCode.USAGE,
                "No database given: pass --url JDBC_URL or set " + ConnectionSettings.URL_VARIABLE + "."));
        return connect(jdbcUrl);
    }

    /** A database at this URL with the user and password given, connected once to check it. */
    ConnectionSettings connect(String jdbcUrl) {
        return connect(jdbcUrl, null);
    }

    /** Like {@link #connect(String)}, with a user for when neither {@code --user} nor the environment names one. */
    ConnectionSettings connect(String jdbcUrl, String defaultUser) {
        Connections.engineOf(jdbcUrl);
        String login = Optional.ofNullable(user).or(() -> setting(ConnectionSettings.USER_VARIABLE)).orElse(defaultUser);
        String password = Optional.ofNullable(environment.get(ConnectionSettings.PASSWORD_VARIABLE))
                .filter(p -> !p.isEmpty()).orElse(null);
        Console console = System.console();
        if (passwordPrompt) {
            password = prompt(console, login);
        }
        ConnectionSettings settings = new ConnectionSettings(jdbcUrl, login, password);
        try {
            Connections.check(settings);
            return settings;
        } catch (CliException refused) {
            // A server that wants a password the environment did not give: ask once, on a terminal only.
            if (!refused.passwordWanted() || password != null || console == null) {
                throw refused;
            }
            ConnectionSettings withPassword = new ConnectionSettings(jdbcUrl, login, prompt(console, login));
            Connections.check(withPassword);
            return withPassword;
        }
    }

    private static String prompt(Console console, String login) {
        if (console == null) {
            throw new CliException(ExitCode.USAGE, "--password-prompt needs a terminal; set "
                    + ConnectionSettings.PASSWORD_VARIABLE + " instead.");
        }
        char[] typed = console.readPassword("Password for %s: ", login == null ? "the login" : login);
        return typed == null ? null : new String(typed);
    }

    /** A variable of the environment this command line was given, when set and not blank. */
    Optional<String> environment(String name) {
        return setting(name);
    }

    private Optional<String> setting(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }
}
