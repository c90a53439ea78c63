/**
 * The EcliptixMemberships data-access API: {@code EcliptixMemberships} and the domain packages it hands
 * out. The rest is not exported: {@code internal} (routine calls, code mapping, input checks), the jOOQ
 * classes generated from the schema ({@code generated}) and their converter ({@code jooq}).
 */
module com.ecliptix.memberships {
    // DataSource is part of the API (EcliptixMemberships.builder().dataSource, SecurityEvents.using).
    requires transitive java.sql;
    requires org.jooq;
    requires com.zaxxer.hikari;
    requires org.slf4j;

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

    // jOOQ creates the records of table-valued function calls through their constructors, by reflection.
    opens com.ecliptix.memberships.generated.tables.records to org.jooq;
}
