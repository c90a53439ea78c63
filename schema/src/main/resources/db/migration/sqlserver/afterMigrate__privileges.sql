-- EcliptixMemberships, SQL Server 2019+ and Babelfish for PostgreSQL 4.4+: Flyway runs this callback
-- after every migrate. Re-creating a routine in a repeatable migration drops the privileges granted on
-- it, so they are granted here again, in one place. Before version 3 there is no role to grant them to.
--
-- The engines differ (docs/babelfish.md), so the engine is chosen here, at migration time:
-- SERVERPROPERTY('Babelfish') is NULL on SQL Server and 1 on Babelfish. The statements of one engine
-- run through EXEC, so that neither engine compiles what only the other accepts.

-- SQL Server: SELECT on each table-valued function (EXECUTE does not cover them).
IF DATABASE_PRINCIPAL_ID(N'ecliptix_app') IS NOT NULL AND SERVERPROPERTY('Babelfish') IS NULL
    EXEC (N'GRANT SELECT ON dbo.GetPhoneNumber TO ecliptix_app;
            GRANT SELECT ON dbo.GetFullFlowState TO ecliptix_app;
            GRANT SELECT ON dbo.GetLimit TO ecliptix_app;');
IF DATABASE_PRINCIPAL_ID(N'ecliptix_operator') IS NOT NULL AND SERVERPROPERTY('Babelfish') IS NULL
    EXEC (N'GRANT SELECT ON dbo.GetLimit TO ecliptix_operator;');
GO

-- From version 6 on (before it, EXECUTE on SCHEMA::dbo of V3 covers every procedure and scalar function
-- for ecliptix_app), the one rule of this engine for who may run which dbo routine: the operator's
-- routines to ecliptix_operator only; GetConfigValue and GetLimit (the schema check on connect, the
-- limits' values and defaults) to both roles; every other procedure and scalar function to ecliptix_app.
IF DATABASE_PRINCIPAL_ID(N'ecliptix_operator') IS NOT NULL
BEGIN
    -- STRING_AGG, not SELECT @s = @s + ... FROM, whose row by row concatenation is undefined (Babelfish
    -- keeps the last row only).
    DECLARE @grants NVARCHAR(MAX) = (
        SELECT STRING_AGG(CAST(
                   CASE WHEN o.name NOT IN (N'SetConfigValue', N'CleanupExpiredData', N'EndAllAuthenticationContexts')
                        THEN N'GRANT EXECUTE ON dbo.' + QUOTENAME(o.name) + N' TO ecliptix_app;' ELSE N'' END
                 + CASE WHEN o.name IN (N'SetConfigValue', N'CleanupExpiredData', N'EndAllAuthenticationContexts', N'GetConfigValue')
                        THEN N'GRANT EXECUTE ON dbo.' + QUOTENAME(o.name) + N' TO ecliptix_operator;' ELSE N'' END
                   AS NVARCHAR(MAX)), N'')
        FROM sys.objects AS o
        WHERE o.schema_id = SCHEMA_ID(N'dbo')
          AND o.type IN ('P', 'FN'));
    EXEC sys.sp_executesql @grants;
END;
GO

-- Babelfish: a table-valued function is a function like any other there and takes EXECUTE (it refuses
-- GRANT SELECT on one: "invalid privilege type SELECT for function"). And Babelfish has no ownership
-- chaining: a dbo routine runs with its caller's rights on the tables and helpers it uses, foreign key
-- checks included. So here each role also holds what its routines do to each table, and EXECUTE on the
-- helpers of ecliptix_internal; no more: no DELETE where no routine of it deletes, no UPDATE of the
-- append-only logs. Two exceptions, for the foreign key checks, which take a lock (FOR KEY SHARE) that
-- needs UPDATE: on FailedOtpAttempts, which no routine updates, for deleting an OTP or a flow; and on
-- one column of Memberships and of AppDevices for the operator, whose EndAllAuthenticationContexts
-- updates sessions twice in one transaction (the UpdatedAt trigger), so the second update checks the
-- session's membership and device, and whose cleanup deletes flows that memberships reference.
IF DATABASE_PRINCIPAL_ID(N'ecliptix_app') IS NOT NULL AND SERVERPROPERTY('Babelfish') IS NOT NULL
    EXEC (N'GRANT EXECUTE ON dbo.GetPhoneNumber TO ecliptix_app;
            GRANT EXECUTE ON dbo.GetFullFlowState TO ecliptix_app;
            GRANT EXECUTE ON SCHEMA::ecliptix_internal TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE ON dbo.AppDevices TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE ON dbo.PhoneNumbers TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE ON dbo.PhoneNumberDevices TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE, DELETE ON dbo.VerificationFlows TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE, DELETE ON dbo.OtpRecords TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE, DELETE ON dbo.FailedOtpAttempts TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE ON dbo.Memberships TO ecliptix_app;
            GRANT SELECT, INSERT ON dbo.MembershipAttempts TO ecliptix_app;
            GRANT SELECT, INSERT ON dbo.LoginAttempts TO ecliptix_app;
            GRANT SELECT, INSERT ON dbo.EventLog TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE ON dbo.AuthenticationContexts TO ecliptix_app;
            GRANT SELECT ON dbo.SystemConfiguration TO ecliptix_app;');
-- Before version 6 the application role itself runs the configuration and the cleanup.
IF DATABASE_PRINCIPAL_ID(N'ecliptix_app') IS NOT NULL AND DATABASE_PRINCIPAL_ID(N'ecliptix_operator') IS NULL
   AND SERVERPROPERTY('Babelfish') IS NOT NULL
    EXEC (N'GRANT DELETE ON dbo.MembershipAttempts TO ecliptix_app;
            GRANT DELETE ON dbo.LoginAttempts TO ecliptix_app;
            GRANT DELETE ON dbo.EventLog TO ecliptix_app;
            GRANT DELETE ON dbo.AuthenticationContexts TO ecliptix_app;
            GRANT INSERT, UPDATE ON dbo.SystemConfiguration TO ecliptix_app;');
IF OBJECT_ID(N'dbo.GetLimit') IS NOT NULL AND DATABASE_PRINCIPAL_ID(N'ecliptix_app') IS NOT NULL
   AND SERVERPROPERTY('Babelfish') IS NOT NULL
    EXEC (N'GRANT EXECUTE ON dbo.GetLimit TO ecliptix_app;');
-- The operator's routines: the configuration (audited in EventLog), the retention cleanup, ending every
-- session of a membership.
IF DATABASE_PRINCIPAL_ID(N'ecliptix_operator') IS NOT NULL AND SERVERPROPERTY('Babelfish') IS NOT NULL
    EXEC (N'GRANT EXECUTE ON dbo.GetLimit TO ecliptix_operator;
            GRANT EXECUTE ON SCHEMA::ecliptix_internal TO ecliptix_operator;
            GRANT SELECT, INSERT, UPDATE ON dbo.SystemConfiguration TO ecliptix_operator;
            GRANT SELECT, INSERT, DELETE ON dbo.EventLog TO ecliptix_operator;
            GRANT SELECT, DELETE ON dbo.LoginAttempts TO ecliptix_operator;
            GRANT SELECT, DELETE ON dbo.MembershipAttempts TO ecliptix_operator;
            GRANT SELECT, UPDATE, DELETE ON dbo.AuthenticationContexts TO ecliptix_operator;
            GRANT SELECT, UPDATE, DELETE ON dbo.VerificationFlows TO ecliptix_operator;
            GRANT SELECT, UPDATE, DELETE ON dbo.OtpRecords TO ecliptix_operator;
            GRANT SELECT, UPDATE, DELETE ON dbo.FailedOtpAttempts TO ecliptix_operator;
            GRANT SELECT ON dbo.Memberships TO ecliptix_operator;
            GRANT UPDATE ON dbo.Memberships (UpdatedAt) TO ecliptix_operator;
            GRANT SELECT ON dbo.AppDevices (UniqueId) TO ecliptix_operator;
            GRANT UPDATE ON dbo.AppDevices (UpdatedAt) TO ecliptix_operator;
            GRANT SELECT ON dbo.PhoneNumbers TO ecliptix_operator;');
GO
