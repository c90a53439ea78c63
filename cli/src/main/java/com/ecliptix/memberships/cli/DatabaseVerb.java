package com.ecliptix.memberships.cli;

import com.ecliptix.memberships.schema.ConnectionSettings;
import com.ecliptix.memberships.schema.SchemaMigrator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A verb that works on one database: connects once to check the settings, then runs. */
abstract class DatabaseVerb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Override
    public final Integer call() {
        return run(settings());
    }

    /** The database to work on, checked by one connection. */
    ConnectionSettings settings() {
        return connection.connect();
    }

    abstract int run(ConnectionSettings settings);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static SchemaMigrator migrator(ConnectionSettings settings) {
        return SchemaMigrator.of(settings.dataSource(), settings.engine());
    }

    static String describe(ConnectionSettings settings) {
        return settings.redactedUrl() + " (" + settings.engine() + ")";
    }
}
