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
 * <p>Which server: the system property {@value #ENGINE_PROPERTY} names an engine ({@code SQLSERVER} in the
 * suite's second run); without it, the first server {@link DatabaseServers#locate()} finds. When a named
 * engine cannot be had, the class is skipped with the reason. Without any server, the tests fail: a
 * missing database is never a pass.
 */
public final class ThrowawayDatabaseExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    public static final String ENGINE_PROPERTY = "ecliptix.test.engine";

    /** Looked up once per JVM: empty when no engine is requested, else what was found for it. */
    private static Optional<Optional<DatabaseServer>> requestedServer;

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

    /** Why the requested engine cannot be had in this run, if it cannot. */
    private static synchronized Optional<String> unavailableReason() {
        if (requestedServer == null) {
            requestedServer = requestedEngine().map(DatabaseServers::find);
            requestedEngine().filter(engine -> requestedServer.orElseThrow().isEmpty()).ifPresent(engine ->
                    System.out.println("[ecliptix] every " + engine + " test is skipped: "
                            + DatabaseServers.unavailableReason(engine)));
        }
        return requestedEngine().filter(engine -> requestedServer.orElseThrow().isEmpty())
                .map(engine -> "skipped: " + DatabaseServers.unavailableReason(engine));
    }

    private static TestDatabase open() {
        DatabaseServer server = requestedServer.flatMap(found -> found).orElseGet(DatabaseServers::locate);
        ThrowawayDatabase database = ThrowawayDatabase.create(server);
        try {
            return new TestDatabase(database.migrate());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private record Resource(TestDatabase database) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            database.close();
        }
    }
}
