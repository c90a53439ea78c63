-- EcliptixMemberships, SQL Server 2019+: version 5. V2__contract_v2.sql has no GO after the END of
-- TRG_AuthenticationContexts_Update, and a trigger's body runs to the end of its batch: the limit
-- checks' filtered indexes, the retention indexes and the six configuration keys of contract v2 became
-- part of the trigger instead of being created by the migration. The first UPDATE of
-- AuthenticationContexts created them; every later one fails (the index already exists). Here the
-- trigger gets its own batch and the body it was meant to have, and what the migration missed is
-- created where it is missing (a database whose trigger already fired has it).

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- The migrations declare each object once (V2 did, for these), so this version re-creates them
-- through EXEC: the trigger, dropped and created again, and each index only where it is missing.
DROP TRIGGER IF EXISTS dbo.TRG_AuthenticationContexts_Update;
GO

EXEC (N'CREATE TRIGGER dbo.TRG_AuthenticationContexts_Update
ON dbo.AuthenticationContexts
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    -- Its own UPDATE below must not fire it again (RECURSIVE_TRIGGERS may be ON). These UpdatedAt
    -- triggers are the schema''s only triggers, so any nesting is that recursion.
    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.AuthenticationContexts
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;');
GO

-- The indexes V2 meant to create (see V2__contract_v2.sql for what each serves).
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.LoginAttempts') AND name = N'IX_LoginAttempts_Failures')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_LoginAttempts_Failures ON dbo.LoginAttempts (PhoneNumber, CreatedAt) WHERE IsSuccess = 0 AND Outcome <> N''locked_out'';');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.LoginAttempts') AND name = N'IX_LoginAttempts_Successes')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_LoginAttempts_Successes ON dbo.LoginAttempts (PhoneNumber, CreatedAt) WHERE IsSuccess = 1;');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.LoginAttempts') AND name = N'IX_LoginAttempts_Lockouts')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_LoginAttempts_Lockouts ON dbo.LoginAttempts (PhoneNumber, CreatedAt) WHERE LockedUntil IS NOT NULL;');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.MembershipAttempts') AND name = N'IX_MembershipAttempts_Failures')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_MembershipAttempts_Failures ON dbo.MembershipAttempts (PhoneNumberId, CreatedAt) WHERE IsSuccess = 0 AND Outcome <> N''rate_limited'';');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.MembershipAttempts') AND name = N'IX_MembershipAttempts_Successes')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_MembershipAttempts_Successes ON dbo.MembershipAttempts (PhoneNumberId, CreatedAt) WHERE IsSuccess = 1;');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.LoginAttempts') AND name = N'IX_LoginAttempts_CreatedAt')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_LoginAttempts_CreatedAt ON dbo.LoginAttempts (CreatedAt);');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.MembershipAttempts') AND name = N'IX_MembershipAttempts_CreatedAt')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_MembershipAttempts_CreatedAt ON dbo.MembershipAttempts (CreatedAt);');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.EventLog') AND name = N'IX_EventLog_CreatedAt')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_EventLog_CreatedAt ON dbo.EventLog (CreatedAt);');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.VerificationFlows') AND name = N'IX_VerificationFlows_Ended')
    EXEC (N'CREATE NONCLUSTERED INDEX IX_VerificationFlows_Ended ON dbo.VerificationFlows (ExpiresAt) WHERE Status <> N''pending'';');
GO

-- The configuration keys of contract version 2, as V2 meant to insert them. A key that SetConfigValue
-- created meanwhile (as a string, since it was missing) becomes the limit it is: int, and its value
-- the contract's default unless it already is a valid limit (an integer > 0).
DECLARE @Keys TABLE (
    ConfigKey NVARCHAR(100) NOT NULL PRIMARY KEY,
    ConfigValue NVARCHAR(MAX) NOT NULL,
    DataType NVARCHAR(10) NOT NULL,
    Description NVARCHAR(500) NOT NULL,
    Category NVARCHAR(50) NOT NULL
);

INSERT INTO @Keys (ConfigKey, ConfigValue, DataType, Description, Category)
VALUES
    (N'Authentication.ContextLifetimeHours', N'24', N'int',
     N'Hours a session stays valid after its creation and after each refresh.', N'Authentication'),
    (N'Authentication.MaxContextsPerMembership', N'5', N'int',
     N'Active sessions of one membership; a new one beyond it ends the oldest.', N'Authentication'),
    (N'Retention.AttemptLogDays', N'30', N'int',
     N'Days after which login and membership attempts may be deleted (at least 1).', N'Retention'),
    (N'Retention.EventLogDays', N'90', N'int',
     N'Days after which security events may be deleted (at least 1).', N'Retention'),
    (N'Retention.EndedFlowDays', N'30', N'int',
     N'Days after their expiry after which ended verification flows no membership references may be deleted, with their OTPs (at least 1).', N'Retention'),
    (N'Retention.EndedContextDays', N'7', N'int',
     N'Days after which ended sessions may be deleted (at least 1).', N'Retention');

UPDATE dbo.SystemConfiguration
SET DataType = N'int',
    ConfigValue = CASE
        WHEN LEN(ConfigValue + N'.') > 1
             AND ConfigValue COLLATE Latin1_General_BIN2 NOT LIKE N'%[^0-9]%'
             AND TRY_CAST(ConfigValue AS INT) > 0
            THEN ConfigValue
        ELSE (SELECT k.ConfigValue FROM @Keys AS k WHERE k.ConfigKey = dbo.SystemConfiguration.ConfigKey)
    END,
    UpdatedAt = SYSUTCDATETIME()
WHERE ConfigKey IN (SELECT k.ConfigKey FROM @Keys AS k)
  AND DataType <> N'int';

INSERT INTO dbo.SystemConfiguration (ConfigKey, ConfigValue, DataType, Description, Category)
SELECT k.ConfigKey, k.ConfigValue, k.DataType, k.Description, k.Category
FROM @Keys AS k
WHERE NOT EXISTS (SELECT 1 FROM dbo.SystemConfiguration AS c WHERE c.ConfigKey = k.ConfigKey);
GO

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo.SystemConfiguration
SET ConfigValue = N'5',
    UpdatedAt = SYSUTCDATETIME()
WHERE ConfigKey = N'Schema.Version';
GO
