package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.ConnectionFailedException;
import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The operators' command line: {@code java -jar ecliptix-memberships-cli.jar --help} lists the verbs.
 * A failure ends with one line on standard error, no stack trace, and the {@link ExitCode} of its kind.
 */
@Command(name = "ecliptix-memberships", mixinStandardHelpOptions = true, version = "ecliptix-memberships 0.1.0",
        scope = ScopeType.INHERIT,
        description = "Migrations, status, drift and maintenance of an EcliptixMemberships database"
                + " (PostgreSQL or SQL Server). Password: ECLIPTIX_DB_PASSWORD, or a prompt on the terminal.",
        subcommands = {InfoCommand.class, MigrateCommand.class, ValidateCommand.class, BaselineCommand.class,
                RepairCommand.class, CleanCommand.class, StatusCommand.class, DriftCommand.class, SnapshotCommand.class,
                CleanupCommand.class, AdoptCommand.class, ConfigCommand.class},
        exitCodeListHeading = "Exit codes:%n")
public final class EcliptixMembershipsCli implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a verb.");
    }

    /** The command line of this process, with its exit codes listed in every help and failures reported in one line. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line with the environment it reads ECLIPTIX_DB_* from (tests give their own). */
    static CommandLine commandLine(Map<String, String> environment) {
        IFactory defaults = CommandLine.defaultFactory();
        IFactory factory = new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ConnectionOptions.class ? type.cast(new ConnectionOptions(environment)) : defaults.create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new EcliptixMembershipsCli(), factory);
        commandLine.setExecutionExceptionHandler(new OneLineFailures());
        commandLine.getCommandSpec().usageMessage().exitCodeList(ExitCode.DESCRIPTIONS);
        for (CommandLine verb : commandLine.getSubcommands().values()) {
            verb.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(ExitCode.DESCRIPTIONS);
        }
        return commandLine;
    }

    /**
     * The JDBC drivers' own java.util.logging lines (a warning about a bad port, say) would come before the
     * one line the command prints about the same failure. Held here, as java.util.logging keeps loggers weakly.
     */
    private static final List<Logger> QUIET_DRIVER_LOGGERS = List.of(
            Logger.getLogger("org.postgresql"), Logger.getLogger("com.microsoft.sqlserver.jdbc"));

    public static void main(String[] args) {
        QUIET_DRIVER_LOGGERS.forEach(logger -> logger.setLevel(Level.OFF));
        CommandLine commandLine = commandLine();
        int exitCode = commandLine.execute(args);
        // print() does not flush; System.exit would drop what is still buffered.
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }

    /** Each kind of failure as one line and its exit code; a stack trace helps nobody who runs a release jar. */
    private static final class OneLineFailures implements IExecutionExceptionHandler {

        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
            int code;
            String message;
            if (e instanceof ConnectionFailedException notConnected) {
                e = Connections.failed(notConnected);
            }
            if (e instanceof CliException failure) {
                code = failure.exitCode();
                message = failure.getMessage();
            } else if (e instanceof InvalidInputException) {
                code = ExitCode.USAGE;
                message = Connections.oneLine(e.getMessage());
            } else if (e instanceof EcliptixMembershipsException || e instanceof FlywayException) {
                code = ExitCode.FAILED;
                message = Connections.oneLine(e.getMessage());
            } else {
                code = ExitCode.FAILED;
                message = "Failed: " + e.getClass().getSimpleName() + ": " + Connections.oneLine(e.getMessage());
            }
            if (commandLine.getCommand() instanceof JsonReport report && report.jsonRequested()) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("kind", ExitCode.kind(code));
                error.put("exitCode", code);
                error.put("message", message);
                commandLine.getOut().print(Json.write(Map.of("error", error)));
                commandLine.getOut().flush();
            }
            commandLine.getErr().println(message);
            commandLine.getErr().flush();
            return code;
        }
    }
}
