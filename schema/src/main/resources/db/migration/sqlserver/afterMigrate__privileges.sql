-- EcliptixMemberships, SQL Server 2019+: Flyway runs this callback after every migrate. EXECUTE on
-- SCHEMA::dbo (V3__roles.sql) survives re-created routines and covers procedures and scalar functions;
-- a table-valued function needs SELECT on itself, which re-creating it in a repeatable migration
-- dropped, so it is granted again here, in one place. Before version 3 there is no role to grant it to.

IF DATABASE_PRINCIPAL_ID(N'ecliptix_app') IS NOT NULL
BEGIN
    GRANT SELECT ON dbo.GetPhoneNumber TO ecliptix_app;
    GRANT SELECT ON dbo.GetFullFlowState TO ecliptix_app;
END;
GO
