package com.ecliptix.memberships.schema.throwaway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.SchemaMigrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A throwaway database is gone from its server after {@link ThrowawayDatabase#close()}, also when its
 * migration failed half-way and when a connection to it is still open (a test that failed before closing
 * its pool), on each engine: the server's databases are listed before and after. A SQL Server (or another
 * T-SQL engine such as Babelfish, through {@code ECLIPTIX_DB_URL}) that cannot be had is a skip with the
 * reason; a missing PostgreSQL fails.
 */
class NothingLeftBehindTest {

    /** Valid on both engines: a table is created, then a statement fails, as a broken migration would. */
    private static final String BROKEN_MIGRATION = """
            CREATE TABLE dbo_broken_first_step (id INT);
            SELECT no_such_column FROM no_such_table;
            """;

    @TempDir
    Path migrations;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDatabaseWhoseMigrationFailsIsDroppedOnClose(Engine engine) throws IOException {
        DatabaseServer server = server(engine);
        Files.writeString(migrations.resolve("V1__broken.sql"), BROKEN_MIGRATION);
        Set<String> before = databases(server);

        String name;
        try (ThrowawayDatabase database = ThrowawayDatabase.create(server)) {
            name = database.name();
            assertTrue(databases(server).contains(name), "created: " + name);
            Flyway broken = Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .defaultSchema(SchemaMigrator.HISTORY_SCHEMA)
                    .createSchemas(true)
                    .load();
            assertThrows(FlywayException.class, broken::migrate, "the broken migration fails");
        }

        assertFalse(before.contains(name));
        assertFalse(databases(server).contains(name), name + " is still on " + server);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDatabaseWithAConnectionStillOpenIsDroppedOnClose(Engine engine) throws SQLException {
        DatabaseServer server = server(engine);

        String name;
        Connection forgotten;
        try (ThrowawayDatabase database = ThrowawayDatabase.create(server).migrate()) {
            name = database.name();
            forgotten = database.dataSource().getConnection();
            forgotten.setAutoCommit(false);
            try (Statement statement = forgotten.createStatement()) {
                statement.executeUpdate("UPDATE dbo.\"SystemConfiguration\" SET \"Description\" = \"Description\"");
            }
        }

        try {
            assertFalse(databases(server).contains(name), name + " is still on " + server);
        } finally {
            try {
                forgotten.close();
            } catch (SQLException endedByTheDrop) {
                // The drop ended its session: nothing to close.
            }
        }
    }

    private static DatabaseServer server(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> DatabaseServers.locate(engine);
            case SQLSERVER -> DatabaseServers.find(engine)
                    .orElseGet(() -> Assumptions.abort(DatabaseServers.unavailableReason(engine)));
        };
    }

    private static Set<String> databases(DatabaseServer server) {
        String sql = switch (server.engine()) {
            case POSTGRESQL -> "SELECT datname FROM pg_database";
            case SQLSERVER -> "SELECT name FROM sys.databases";
        };
        Set<String> names = new TreeSet<>();
        try (Connection connection = server.admin().dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list the databases of " + server + ": " + e.getMessage(), e);
        }
        return names;
    }
}
