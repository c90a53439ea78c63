-- EcliptixMemberships, SQL Server 2019+: version 6.
-- Locking.LockTimeoutMilliseconds: how long a routine waits for a subject's lock (LockSubject) before
-- it ends with error 51001 and writes nothing.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
GO

IF NOT EXISTS (SELECT 1 FROM dbo.SystemConfiguration WHERE ConfigKey = N'Locking.LockTimeoutMilliseconds')
    INSERT INTO dbo.SystemConfiguration (ConfigKey, ConfigValue, DataType, Description, Category)
    VALUES (N'Locking.LockTimeoutMilliseconds', N'5000', N'int',
            N'Milliseconds a routine waits for the lock of its subject (a phone, a flow, a membership) before it fails with a retryable lock timeout and writes nothing.', N'Locking');
GO

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo.SystemConfiguration
SET ConfigValue = N'6',
    UpdatedAt = SYSUTCDATETIME()
WHERE ConfigKey = N'Schema.Version';
GO
