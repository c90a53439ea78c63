/**
 * The EcliptixMemberships data-access API: {@code EcliptixMemberships} and the domain packages it hands
 * out, and beneath them the jOOQ classes generated from the schema ({@code generated}: routines, tables,
 * records), which applications execute through {@code EcliptixMemberships.generatedRoutines()}. Not
 * exported: {@code internal} (routine calls, code mapping, input checks) and the generated classes'
 * converter ({@code jooq}).
 */
module com.ecliptix.memberships {
    // DataSource is part of the API (EcliptixMemberships.builder().dataSource, SecurityEvents.using).
    requires transitive java.sql;
    // The generated classes extend jOOQ's and name its types.
    requires transitive org.jooq;
    requires com.zaxxer.hikari;
    requires org.slf4j;
    // Optional: EcliptixMembershipsMetrics is loaded only by an application that has Micrometer.
    requires static micrometer.core;

    exports com.ecliptix.memberships;
    exports com.ecliptix.memberships.audit;
    exports com.ecliptix.memberships.configuration;
    exports com.ecliptix.memberships.device;
    exports com.ecliptix.memberships.login;
    exports com.ecliptix.memberships.maintenance;
    exports com.ecliptix.memberships.membership;
    exports com.ecliptix.memberships.phone;
    exports com.ecliptix.memberships.session;
    exports com.ecliptix.memberships.verification;
    exports com.ecliptix.memberships.generated;
    exports com.ecliptix.memberships.generated.routines;
    exports com.ecliptix.memberships.generated.tables;
    exports com.ecliptix.memberships.generated.tables.records;

    // jOOQ creates the records of table-valued function calls through their constructors, by reflection.
    opens com.ecliptix.memberships.generated.tables.records to org.jooq;
}
