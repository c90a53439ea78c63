package com.ecliptix.memberships.schema.catalog;

import java.util.List;

/**
 * The result of a drift check: how a live database's catalog differs from a snapshot.
 *
 * @param database a description of the database (its URL without credentials)
 * @param snapshot the expected catalog
 * @param actual   the catalog read from the database
 * @param diff     the differences, classified
 */
public record DriftReport(String database, Catalog snapshot, Catalog actual, CatalogDiff diff) {

    public boolean hasDrift() {
        return !diff.isEmpty();
    }

    public boolean hasBreakingChanges() {
        return diff.hasBreakingChanges();
    }

    public List<Difference> differences() {
        return diff.differences();
    }

    /** What the database's engine could not answer, so drift did not compare it; empty on SQL Server and PostgreSQL. */
    public List<NotCompared> notCompared() {
        return diff.notCompared();
    }

    public String render() {
        return "Drift check of " + database + " (" + CatalogDiff.engine(actual) + ") against the catalog snapshot ("
                + CatalogDiff.engine(snapshot) + ")\n" + diff.render();
    }
}
