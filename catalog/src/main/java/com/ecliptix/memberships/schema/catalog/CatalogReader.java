package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Reads the {@link Catalog} of schema {@code dbo} from a live database of one engine. */
public interface CatalogReader {

    Catalog read(Connection connection) throws SQLException;

    /** Reads the catalog of the database behind a data source, whichever engine it is. */
    static Catalog read(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            CatalogReader reader = switch (Engine.of(connection)) {
                case POSTGRESQL -> new PostgresCatalogReader();
                case SQLSERVER -> SqlServerCatalogReader.of(connection);
            };
            return reader.read(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the catalog: " + e.getMessage(), e);
        }
    }
}
