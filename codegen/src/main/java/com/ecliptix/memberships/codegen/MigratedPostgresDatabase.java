package com.ecliptix.memberships.codegen;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.ThrowawayDatabase;
import java.sql.Connection;
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
 * <p>PostgreSQL, because jOOQ's open-source edition has no SQL Server meta support; the parity test and
 * the catalog snapshot hold the SQL Server migrations to the same signatures.
 */
public class MigratedPostgresDatabase extends PostgresDatabase {

    private static final JooqLogger log = JooqLogger.getLogger(MigratedPostgresDatabase.class);

    private ThrowawayDatabase throwaway;
    private Connection connection;

    @Override
    protected DSLContext create0() {
        // The generator sets a null connection when no <jdbc> is configured; provide ours on first use.
        if (getConnection() == null) {
            setConnection(migratedConnection());
        }
        return super.create0();
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
