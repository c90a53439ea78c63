package com.ecliptix.memberships.schema;

import java.util.OptionalInt;

/** The kinds of contract objects in schema {@code dbo}, with how many the contract defines. */
public enum ObjectKind {
    TABLES(12),
    FUNCTIONS(4),
    PROCEDURES(22),
    TRIGGERS(10),
    /** Not fixed by the contract; reported for information. */
    INDEXES(-1);

    private final int expected;

    ObjectKind(int expected) {
        this.expected = expected;
    }

    public OptionalInt expected() {
        return expected < 0 ? OptionalInt.empty() : OptionalInt.of(expected);
    }

    /** The catalog query counting this kind in {@code dbo} on an engine (helpers and Flyway live elsewhere). */
    String countQuery(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> switch (this) {
                case TABLES -> "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'dbo' AND c.relkind IN ('r', 'p')";
                case FUNCTIONS -> "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'dbo' AND p.prokind = 'f'";
                case PROCEDURES -> "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'dbo' AND p.prokind = 'p'";
                case TRIGGERS -> "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'dbo' AND NOT t.tgisinternal";
                case INDEXES -> "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'dbo'";
            };
            case SQLSERVER -> switch (this) {
                case TABLES -> "SELECT count(*) FROM sys.tables WHERE schema_id = SCHEMA_ID('dbo')";
                case FUNCTIONS -> "SELECT count(*) FROM sys.objects WHERE schema_id = SCHEMA_ID('dbo')"
                        + " AND type IN ('FN', 'IF', 'TF')";
                // type P: Babelfish's sys.procedures also lists the functions.
                case PROCEDURES -> "SELECT count(*) FROM sys.procedures WHERE schema_id = SCHEMA_ID('dbo') AND type = 'P'";
                case TRIGGERS -> "SELECT count(*) FROM sys.triggers t JOIN sys.tables tb ON tb.object_id = t.parent_id"
                        + " WHERE tb.schema_id = SCHEMA_ID('dbo')";
                case INDEXES -> "SELECT count(*) FROM sys.indexes i JOIN sys.tables tb ON tb.object_id = i.object_id"
                        + " WHERE tb.schema_id = SCHEMA_ID('dbo') AND i.type > 0";
            };
        };
    }
}
