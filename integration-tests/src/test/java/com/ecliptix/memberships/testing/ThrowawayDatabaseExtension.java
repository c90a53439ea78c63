package com.ecliptix.memberships.testing;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.DatabaseServer;
import com.ecliptix.memberships.schema.throwaway.DatabaseServers;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a migrated throwaway database of its own ({@link TestDatabase}), dropped after
 * the class, also when its tests fail.
 *
 * <p>Which server: the system property {@value #ENGINE_PROPERTY} names the engine of the run (the suite runs
 * once with {@code POSTGRESQL}, once with {@code SQLSERVER}; see the module's pom), and
 * {@link DatabaseServers} finds a server of it: {@code ECLIPTIX_DB_URL} when it is of that engine, the local
 * PostgreSQL, or Docker. Without the property, the first server of any engine. A SQL Server that cannot be
 * had skips each test with the reason; a missing PostgreSQL fails the tests: a missing database is never a
 * pass.
 */
public final class ThrowawayDatabaseExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    public static final String ENGINE_PROPERTY = "ecliptix.test.engine";

    /** Looked up once per JVM: why the requested SQL Server cannot be had, if it cannot. */
    private static Optional<String> sqlServerMissing;

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ThrowawayDatabaseExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (unavailableReason().isEmpty()) {
            database(context);
        }
    }

    /** Skips each test, not the class, so that every skipped test is counted and shows the reason. */
    @Override
    public void beforeEach(ExtensionContext context) {
        unavailableReason().ifPresent(Assumptions::abort);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return database(extension);
    }

    /** Created in the class's context by beforeAll; test methods see it through the store's parent lookup. */
    private static TestDatabase database(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent("database", key -> new Resource(open()), Resource.class)
                .database;
    }

    /** The engine this run is for, when one is named. */
    public static Optional<Engine> requestedEngine() {
        return Optional.ofNullable(System.getProperty(ENGINE_PROPERTY)).filter(s -> !s.isBlank()).map(Engine::valueOf);
    }

    /**
     * Why this run's tests are skipped, if they are: only SQL Server may be missing. PostgreSQL is what
     * every build can run, so a run without it fails instead (in {@link #open()}).
     */
    private static synchronized Optional<String> unavailableReason() {
        if (sqlServerMissing == null) {
            sqlServerMissing = requestedEngine().filter(engine -> engine == Engine.SQLSERVER)
                    .filter(engine -> DatabaseServers.find(engine).isEmpty())
                    .map(DatabaseServers::unavailableReason);
            sqlServerMissing.ifPresent(reason -> System.out.println("[ecliptix] every SQLSERVER test is skipped: " + reason));
        }
        return sqlServerMissing.map(reason -> "skipped: " + reason);
    }

    private static TestDatabase open() {
        DatabaseServer server = requestedEngine().map(DatabaseServers::locate).orElseGet(DatabaseServers::locate);
        ThrowawayDatabase database = ThrowawayDatabase.create(server);
        try {
            return new TestDatabase(database.migrate(), true);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private record Resource(TestDatabase database) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
        }
    }
}
