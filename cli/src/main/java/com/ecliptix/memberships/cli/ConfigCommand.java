package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Configuration;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.configuration.LimitSetting;
import com.ecliptix.memberships.schema.ConnectionSettings;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The limits in SystemConfiguration: {@code config} shows each one's value as the routines use it, its
 * default and what is stored; {@code config set KEY VALUE} changes one through SetConfigValue, which checks
 * the value and records the change in EventLog ({@code config_changed}).
 */
@Command(name = "config", description = {"Shows every limit: the value the routines use, its default (used when the"
        + " stored value is missing or not a whole number > 0) and the stored value.",
        "config set KEY VALUE changes a limit (audited in EventLog as config_changed); it needs a login holding "
                + OperatorRole.NAME + "."},
        subcommands = ConfigCommand.Set.class)
final class ConfigCommand extends DatabaseVerb {

    @Override
    int run(ConnectionSettings settings) {
        try (EcliptixMemberships api = EcliptixMemberships.builder().dataSource(settings.dataSource()).build()) {
            Configuration configuration = api.configuration();
            TextTable table = new TextTable("limit", "value", "default", "stored");
            for (Limit limit : sortedLimits()) {
                LimitSetting setting = configuration.setting(limit);
                table.row(limit.key(), Integer.toString(setting.value()), Integer.toString(setting.defaultValue()),
                        setting.stored().orElse("(none)"));
            }
            out().println("Limits of " + describe(settings) + ":");
            out().print(table.render());
        }
        return ExitCode.OK;
    }

    private static Limit[] sortedLimits() {
        return Arrays.stream(Limit.values()).sorted(Comparator.comparing(Limit::key)).toArray(Limit[]::new);
    }

    /** {@code config set KEY VALUE}. */
    @Command(name = "set", description = {"Sets a limit to a whole number > 0, checked by the database (SetConfigValue) and"
            + " recorded in EventLog as config_changed. It takes effect on the next routine call.",
            "Needs a login holding " + OperatorRole.NAME + "."})
    static final class Set extends DatabaseVerb {

        @Parameters(index = "0", paramLabel = "KEY", description = "A limit's key, as `config` lists them.")
        private String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "Its new value, a whole number > 0.")
        private String value;

        @Override
        int run(ConnectionSettings settings) {
            Limit limit = Arrays.stream(Limit.values()).filter(l -> l.key().equals(key)).findFirst()
                    .orElseThrow(() -> new CliException(ExitCode.USAGE, key + " is not a limit; the limits are "
                            + Arrays.stream(sortedLimits()).map(Limit::key).collect(Collectors.joining(", ")) + "."));
            try (EcliptixMemberships api = EcliptixMemberships.builder().dataSource(settings.dataSource()).build()) {
                Optional<String> before = api.configuration().value(limit.key());
                try {
                    OperatorRole.require("config set", "SetConfigValue", settings, () -> api.configuration().set(limit.key(), value));
                } catch (InvalidInputException e) {
                    throw new CliException(ExitCode.USAGE, "Not set: " + value + " is not a whole number > 0 for " + limit.key()
                            + "; nothing was changed.");
                }
                out().println("Set " + limit.key() + " to " + value + " (was " + before.orElse("(none)") + ") on "
                        + describe(settings) + "; recorded in EventLog as config_changed.");
            }
            return ExitCode.OK;
        }
    }
}
