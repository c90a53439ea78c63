-- EcliptixMemberships, SQL Server 2019+: version 6.
-- The operator role ecliptix_operator: the routines that change the rules or delete data
-- (SetConfigValue, CleanupExpiredData, EndAllAuthenticationContexts) become its alone, no longer the
-- application's, so that an application cannot loosen the limits that guard it. The limit
-- Locking.LockTimeoutMilliseconds (how long LockSubject waits) and GetLimit come with the repeatable
-- migrations; a limit needs no row of its own (ecliptix_internal.limit_default in R__configuration.sql
-- holds every default), so this version writes no data but the schema version.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
GO

-- ecliptix_operator belongs to the database, like the roles of V3: created when missing.
IF DATABASE_PRINCIPAL_ID(N'ecliptix_operator') IS NULL
    CREATE ROLE ecliptix_operator;
GO

-- EXECUTE on SCHEMA::dbo (V3) would keep the operator's routines the application's. From this version on
-- EXECUTE is granted routine by routine, by the rule in afterMigrate__privileges.sql, which Flyway runs
-- after this migration and after every later migrate.
REVOKE EXECUTE ON SCHEMA::dbo FROM ecliptix_app;
GO

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo.SystemConfiguration
SET ConfigValue = N'6',
    UpdatedAt = SYSUTCDATETIME()
WHERE ConfigKey = N'Schema.Version';
GO
