package com.ecliptix.memberships.schema.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The contract's type pairs: each SQL Server type and its PostgreSQL partner normalize to one name. */
class TypeNamesTest {

    @Test
    void contractPairsNormalizeToTheSameName() {
        // sys.columns: max_length in bytes (-1 for MAX), precision, scale; pg: typname, atttypmod, format_type.
        assertPair("uuid", TypeNames.sqlServer("uniqueidentifier", 16, 0, 0), TypeNames.postgres("uuid", -1, "uuid"));
        assertPair("datetime", TypeNames.sqlServer("datetime2", 8, 27, 7),
                TypeNames.postgres("timestamp", 6, "timestamp(6) without time zone"));
        assertPair("text(18)", TypeNames.sqlServer("nvarchar", 36, 0, 0),
                TypeNames.postgres("varchar", 22, "character varying(18)"));
        assertPair("text(max)", TypeNames.sqlServer("nvarchar", -1, 0, 0), TypeNames.postgres("text", -1, "text"));
        assertPair("bool", TypeNames.sqlServer("bit", 1, 1, 0), TypeNames.postgres("bool", -1, "boolean"));
        assertPair("bigint", TypeNames.sqlServer("bigint", 8, 19, 0), TypeNames.postgres("int8", -1, "bigint"));
        assertPair("int", TypeNames.sqlServer("int", 4, 10, 0), TypeNames.postgres("int4", -1, "integer"));
        assertPair("smallint", TypeNames.sqlServer("smallint", 2, 5, 0), TypeNames.postgres("int2", -1, "smallint"));
        assertPair("binary(max)", TypeNames.sqlServer("varbinary", -1, 0, 0), TypeNames.postgres("bytea", -1, "bytea"));
        assertPair("decimal(10,2)", TypeNames.sqlServer("decimal", 9, 10, 2),
                TypeNames.postgres("numeric", (10 << 16 | 2) + 4, "numeric(10,2)"));
    }

    @Test
    void typesOutsideThePairsKeepTheirOwnSpelling() {
        // Otherwise a drift to a lower precision or a non-Unicode type would be hidden.
        assertEquals("datetime2(3)", TypeNames.sqlServer("datetime2", 7, 23, 3));
        assertEquals("timestamp(3)", TypeNames.postgres("timestamp", 3, "timestamp(3) without time zone"));
        assertEquals("varchar(18)", TypeNames.sqlServer("varchar", 18, 0, 0));
        assertEquals("timestamp_with_time_zone", TypeNames.postgres("timestamptz", -1, "timestamp with time zone"));
        assertNotEquals("datetime", TypeNames.sqlServer("datetime", 8, 23, 3));
    }

    @Test
    void signaturesCarryNoLengths() {
        assertEquals("text", TypeNames.signature(TypeNames.sqlServer("nvarchar", 200, 0, 0)));
        assertEquals("text", TypeNames.signature(TypeNames.postgres("varchar", -1, "character varying")));
        assertEquals("binary", TypeNames.signature(TypeNames.sqlServer("varbinary", -1, 0, 0)));
        assertEquals("datetime", TypeNames.signature(TypeNames.sqlServer("datetime2", 7, 23, 3)));
        assertEquals("datetime", TypeNames.signature(TypeNames.postgres("timestamp", -1, "timestamp without time zone")));
    }

    private static void assertPair(String expected, String sqlServer, String postgres) {
        assertEquals(expected, sqlServer, "SQL Server");
        assertEquals(expected, postgres, "PostgreSQL");
    }
}
