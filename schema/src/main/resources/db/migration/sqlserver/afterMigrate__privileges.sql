-- EcliptixMemberships, SQL Server 2019+ and Babelfish for PostgreSQL 4.4+: Flyway runs this callback
-- after every migrate. EXECUTE on SCHEMA::dbo (V3__roles.sql) survives re-created routines and covers
-- procedures and scalar functions; a table-valued function needs a privilege on itself, which re-creating
-- it in a repeatable migration dropped, so it is granted again here, in one place. Before version 3 there
-- is no role to grant it to.
--
-- The engines differ (docs/babelfish.md), so the engine is chosen here, at migration time:
-- SERVERPROPERTY('Babelfish') is NULL on SQL Server and 1 on Babelfish. The statements of the other
-- engine run through EXEC, so that neither engine compiles what only the other accepts.

-- SQL Server: SELECT on each table-valued function (EXECUTE does not cover them).
IF DATABASE_PRINCIPAL_ID(N'ecliptix_app') IS NOT NULL AND SERVERPROPERTY('Babelfish') IS NULL
    EXEC (N'GRANT SELECT ON dbo.GetPhoneNumber TO ecliptix_app;
            GRANT SELECT ON dbo.GetFullFlowState TO ecliptix_app;');
GO

-- Babelfish: a table-valued function is a function like any other there and takes EXECUTE (it refuses
-- GRANT SELECT on one: "invalid privilege type SELECT for function"). And Babelfish has no ownership
-- chaining: a dbo routine runs with its caller's rights on the tables and helpers it uses, foreign key
-- checks included. So here the application role also holds what its routines do to each table, and
-- EXECUTE on the helpers of ecliptix_internal; no more: no DELETE where no routine of it deletes, no
-- UPDATE of the append-only logs. One exception: UPDATE on FailedOtpAttempts, which no routine updates,
-- because deleting an OTP or a flow checks the rows referencing it with a lock (FOR KEY SHARE) that
-- needs UPDATE, and CleanupExpiredData deletes both.
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
            GRANT SELECT, INSERT, DELETE ON dbo.MembershipAttempts TO ecliptix_app;
            GRANT SELECT, INSERT, DELETE ON dbo.LoginAttempts TO ecliptix_app;
            GRANT SELECT, INSERT, DELETE ON dbo.EventLog TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE, DELETE ON dbo.AuthenticationContexts TO ecliptix_app;
            GRANT SELECT, INSERT, UPDATE ON dbo.SystemConfiguration TO ecliptix_app;');
GO
