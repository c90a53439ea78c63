-- EcliptixMemberships, SQL Server 2019+: the roles of contract version 2 (ecliptix_app, ecliptix_readonly).
-- Users are mapped to them by operators (README, "Database roles"); no migration creates a login.
-- Every object belongs to dbo (its schemas are owned by dbo), so a dbo routine reaches the tables and
-- the helpers of ecliptix_internal by ownership chaining: EXECUTE is all the application role holds.
-- Ownership chains do not cover dynamic SQL, and no routine uses any.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- Roles belong to the database: created when missing (an operator may have made them first).
IF DATABASE_PRINCIPAL_ID(N'ecliptix_app') IS NULL
    CREATE ROLE ecliptix_app;
IF DATABASE_PRINCIPAL_ID(N'ecliptix_readonly') IS NULL
    CREATE ROLE ecliptix_readonly;
GO

-- CREATE SCHEMA made the migrating user the owner of ecliptix_internal; when that user is not dbo
-- (a member of db_owner), the chain from dbo's routines to the helpers would break. The statement is
-- compiled only when it runs (some T-SQL engines refuse it at parse time even where it never runs).
IF (SELECT s.principal_id FROM sys.schemas AS s WHERE s.name = N'ecliptix_internal') <> DATABASE_PRINCIPAL_ID(N'dbo')
    EXEC (N'ALTER AUTHORIZATION ON SCHEMA::ecliptix_internal TO dbo');
GO

-- ---------------------------------------------------------------------------
-- ecliptix_app: EXECUTE on the schema dbo covers every procedure and scalar function in it, those that
-- repeatable migrations re-create included. Table-valued functions need SELECT, granted on each: here
-- on those that exist (an upgrade from version 2), and again at the end of the repeatable migration
-- that re-creates one.
-- ---------------------------------------------------------------------------

GRANT EXECUTE ON SCHEMA::dbo TO ecliptix_app;
GO

DECLARE @grants NVARCHAR(MAX) = N'';
SELECT @grants = @grants + N'GRANT SELECT ON dbo.' + QUOTENAME(o.name) + N' TO ecliptix_app;'
FROM sys.objects AS o
WHERE o.schema_id = SCHEMA_ID(N'dbo')
  AND o.type IN ('IF', 'TF');
EXEC sys.sp_executesql @grants;
GO

-- ---------------------------------------------------------------------------
-- ecliptix_readonly: SELECT on every dbo table except the secrets OtpRecords.OtpHash,
-- OtpRecords.OtpSalt, Memberships.SecureKey and AuthenticationContexts.ContextTokenHash; the tables
-- holding one are granted column by column (SELECT * is refused there: name the columns). A table or
-- a column that a later version adds is granted by that version.
-- ---------------------------------------------------------------------------

GRANT SELECT ON dbo.AppDevices TO ecliptix_readonly;
GRANT SELECT ON dbo.PhoneNumbers TO ecliptix_readonly;
GRANT SELECT ON dbo.PhoneNumberDevices TO ecliptix_readonly;
GRANT SELECT ON dbo.SystemConfiguration TO ecliptix_readonly;
GRANT SELECT ON dbo.EventLog TO ecliptix_readonly;
GRANT SELECT ON dbo.VerificationFlows TO ecliptix_readonly;
GRANT SELECT ON dbo.FailedOtpAttempts TO ecliptix_readonly;
GRANT SELECT ON dbo.MembershipAttempts TO ecliptix_readonly;
GRANT SELECT ON dbo.LoginAttempts TO ecliptix_readonly;

GRANT SELECT ON dbo.OtpRecords (Id, FlowUniqueId, PhoneNumberId, ExpiresAt, Status, IsActive, IsDeleted,
                                UniqueId, CreatedAt, UpdatedAt) TO ecliptix_readonly;

GRANT SELECT ON dbo.Memberships (Id, PhoneNumberId, AppDeviceId, VerificationFlowId, Status, CreationStatus,
                                 IsDeleted, UniqueId, CreatedAt, UpdatedAt) TO ecliptix_readonly;

GRANT SELECT ON dbo.AuthenticationContexts (Id, MembershipUniqueId, AppDeviceId, ExpiresAt, LastUsedAt, IsActive,
                                            EndReason, UniqueId, CreatedAt, UpdatedAt) TO ecliptix_readonly;
GO

-- The API checks this on connect.
UPDATE dbo.SystemConfiguration
SET ConfigValue = N'3',
    UpdatedAt = SYSUTCDATETIME()
WHERE ConfigKey = N'Schema.Version';
GO
