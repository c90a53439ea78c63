package com.ecliptix.memberships.schema.catalog;

import java.util.Objects;

/**
 * A part of the catalog that the engine could not answer truthfully, so that drift does not compare it.
 *
 * @param part   what is left out
 * @param view   the catalog view that failed or answered wrongly, e.g. {@code sys.check_constraints}
 * @param engine the engine as it names itself, e.g. {@code Babelfish 4.4.0}
 * @param reason what the view did, following its name: {@code fails (the engine's error)} or what it reports wrongly
 */
public record NotCompared(CatalogPart part, String view, String engine, String reason) {

    public NotCompared {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line: what is not compared, which view, which engine, and why. */
    public String render() {
        return part.text() + ": " + view + " on " + engine + " " + reason;
    }
}
