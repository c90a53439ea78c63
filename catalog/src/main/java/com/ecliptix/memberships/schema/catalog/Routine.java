package com.ecliptix.memberships.schema.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A procedure or function of schema {@code dbo}.
 *
 * @param parameters the parameters in declaration order
 * @param returns    for functions, the normalized return type ({@code text}) or result columns
 *                   ({@code table (A uuid, B text)}); null for procedures
 * @param bodyHash   the fingerprint of the definition ({@link BodyFingerprint}), or null when unknown
 */
public record Routine(String name, Kind kind, List<Parameter> parameters, String returns, String bodyHash) {

    public enum Kind {
        PROCEDURE, FUNCTION;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Routine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        parameters = List.copyOf(parameters);
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The same routine without its body fingerprint, for comparisons across engines. */
    public Routine withoutBodyHash() {
        return new Routine(name, kind, parameters, returns, null);
    }
}
