package com.ecliptix.memberships.codegen;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.meta.postgres.PostgresDatabase;
import org.jooq.tools.JooqLogger;

/**
 * A jOOQ-meta database that reads the schema from a throwaway PostgreSQL database migrated with the
 * PostgreSQL migrations, so generated code always matches the migrations of this build. Configure it
 * as {@code <database><name>} of jooq-codegen-maven, with no {@code <jdbc>} element. The throwaway
 * database is dropped when the generator closes this database, or when the JVM ends.
 *
 * <p>The throwaway database is created on the first statement jOOQ sends, not before: when
 * {@link CodegenInputs} tells jOOQ that nothing the code is generated from changed, jOOQ skips the
 * catalog and no database is created at all (with {@code <emptyCatalogs/>} and {@code <emptySchemas/>} set,
 * so that the generator does not look into the schema before it compares versions).
 *
 * <p>PostgreSQL, because jOOQ's open-source edition has no SQL Server meta support; the parity test and
 * the catalog snapshot hold the SQL Server migrations to the same signatures.
 */
public class MigratedPostgresDatabase extends PostgresDatabase {

    private static final JooqLogger log = JooqLogger.getLogger(MigratedPostgresDatabase.class);

    private ThrowawayDatabase throwaway;
    private Connection connection;

    @Override
    protected DSLContext create0() {
        // The generator sets a null connection when no <jdbc> is configured; ours opens on first use.
        if (getConnection() == null) {
            setConnection(lazyConnection());
        }
        return super.create0();
    }

    /** A connection that creates and migrates the throwaway database when it is first used for anything. */
    private Connection lazyConnection() {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "close":
                    if (connection == null) {
                        return null;
                    }
                    break;
                case "isClosed":
                    if (connection == null) {
                        return false;
                    }
                    break;
                case "getMetaData":
                    // The generator logs the URL before it decides whether the catalog is up to date.
                    if (connection == null) {
                        return lazyMetaData((Connection) proxy);
                    }
                    break;
                case "toString":
                    return "connection to " + (throwaway == null ? "a throwaway database not created yet" : throwaway);
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    break;
            }
            return invoke(migratedConnection(), method, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    /** Metadata that names the database without creating it; anything beyond the URL creates it. */
    private DatabaseMetaData lazyMetaData(Connection owner) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "getURL" -> connection == null ? "a throwaway PostgreSQL database, created when first queried"
                    : connection.getMetaData().getURL();
            case "getConnection" -> owner;
            case "toString" -> "metadata of " + owner;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> invokeOn(migratedConnection().getMetaData(), method, args);
        };
        return (DatabaseMetaData) Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, handler);
    }

    private static Object invokeOn(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object invoke(Connection target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Connection migratedConnection() {
        if (connection == null) {
            throwaway = ThrowawayDatabase.create(Engine.POSTGRESQL).migrate();
            log.info("Reading the schema from " + throwaway);
            try {
                connection = throwaway.dataSource().getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot connect to " + throwaway, e);
            }
        }
        return connection;
    }

    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            log.warn("Closing the connection to " + throwaway + " failed: " + e.getMessage());
        } finally {
            connection = null;
            if (throwaway != null) {
                throwaway.close();
                throwaway = null;
            }
            super.close();
        }
    }
}
