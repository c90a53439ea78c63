package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.TsqlBatches;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Builds, in an empty SQL Server database, the legacy EcliptixMemberships database that adoption converts:
 * the original scripts' shape and data with every conflict adoption decides ({@code legacy-fixture.sql}
 * next to this class says which rows are which).
 */
public final class LegacyFixture {

    /** The script, a class-path resource. */
    public static final String SCRIPT = "com/ecliptix/memberships/schema/throwaway/legacy-fixture.sql";

    private LegacyFixture() {
    }

    /** Builds the legacy database in {@code database}, which must be an empty SQL Server database. */
    public static ThrowawayDatabase build(ThrowawayDatabase database) {
        if (database.engine() != Engine.SQLSERVER) {
            throw new IllegalArgumentException("The legacy database is T-SQL: " + database + " is " + database.engine());
        }
        build(database.dataSource(), database.toString());
        return database;
    }

    /** Builds the legacy database behind the data source, which must be an empty SQL Server database. */
    public static void build(DataSource dataSource, String database) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String batch : TsqlBatches.nonBlank(script())) {
                boolean isResultSet = statement.execute(batch);
                while (isResultSet || statement.getUpdateCount() != -1) {
                    if (isResultSet) {
                        statement.getResultSet().close();
                    }
                    isResultSet = statement.getMoreResults();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The legacy fixture failed on " + database + ": " + e.getMessage(), e);
        }
    }

    /** The script's text. */
    public static String script() {
        try (InputStream in = LegacyFixture.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the class path: " + SCRIPT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SCRIPT, e);
        }
    }
}
