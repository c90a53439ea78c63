package com.ecliptix.memberships.schema.catalog;

import java.util.Locale;
import java.util.Objects;

/**
 * A routine parameter.
 *
 * @param position 1-based position in the declaration
 * @param type     the contract's type name without length ({@link TypeNames#signature})
 * @param optional true when the declaration has a default, so callers may leave it out
 */
public record Parameter(int position, String name, Mode mode, String type, boolean optional) {

    /** T-SQL's {@code OUTPUT} parameters are both input and output, like PostgreSQL's {@code INOUT}. */
    public enum Mode {
        IN, OUT, INOUT;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(type, "type");
    }
}
