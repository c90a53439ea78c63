package com.ecliptix.memberships.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The operators' command line: {@code java -jar ecliptix-memberships-cli.jar --help} lists the verbs. */
@Command(name = "ecliptix-memberships", mixinStandardHelpOptions = true, version = "ecliptix-memberships 0.1.0",
        description = "Migrations, status, drift and maintenance of an EcliptixMemberships database.",
        subcommands = {MigrateCommand.class, DriftCommand.class, SnapshotCommand.class})
public final class EcliptixMembershipsCli implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a verb.");
    }

    public static CommandLine commandLine() {
        return new CommandLine(new EcliptixMembershipsCli());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
