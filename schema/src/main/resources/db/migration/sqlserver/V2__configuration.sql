-- EcliptixMemberships, SQL Server 2019+: configuration and security event log.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- ---------------------------------------------------------------------------
-- SystemConfiguration (no CreatedAt, no trigger: UpdatedAt is set by SetConfigValue)
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.SystemConfiguration
(
    Id          BIGINT IDENTITY(1,1) NOT NULL,
    ConfigKey   NVARCHAR(100) COLLATE Latin1_General_BIN2 NOT NULL,
    ConfigValue NVARCHAR(MAX)        NOT NULL,
    DataType    NVARCHAR(10) COLLATE Latin1_General_BIN2 NOT NULL,
    Description NVARCHAR(500)        NULL,
    Category    NVARCHAR(50)         NULL,
    UpdatedAt   DATETIME2(7)         NOT NULL CONSTRAINT DF_SystemConfiguration_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_SystemConfiguration PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT UQ_SystemConfiguration_ConfigKey UNIQUE NONCLUSTERED (ConfigKey),
    CONSTRAINT CK_SystemConfiguration_DataType CHECK (DataType IN (N'int', N'bool', N'string'))
);

INSERT INTO dbo.SystemConfiguration (ConfigKey, ConfigValue, DataType, Description, Category)
VALUES
    (N'Verification.MaxFlowsPerHour', N'30', N'int',
     N'Verification flows that may be created for one phone number in the trailing hour.', N'Verification'),
    (N'Verification.FlowLifetimeMinutes', N'5', N'int',
     N'Minutes until a new verification flow expires.', N'Verification'),
    (N'Verification.VerifiedFlowLifetimeHours', N'24', N'int',
     N'Hours a verified verification flow stays usable.', N'Verification'),
    (N'OTP.MaxAttempts', N'5', N'int',
     N'OTP codes issued per flow, and failed OTP checks per flow; reaching either fails the flow.', N'OTP'),
    (N'OTP.ResendCooldownSeconds', N'30', N'int',
     N'Minimum seconds between two OTPs of one flow.', N'OTP'),
    (N'Authentication.MaxFailedAttempts', N'5', N'int',
     N'Failed logins for one phone number within the attempt window that start a lockout.', N'Authentication'),
    (N'Authentication.AttemptWindowMinutes', N'5', N'int',
     N'Minutes of the sliding window in which failed logins are counted.', N'Authentication'),
    (N'Authentication.LockoutDurationMinutes', N'5', N'int',
     N'Minutes of the first lockout; each lockout within the previous 24 hours doubles it, capped at 24 hours.', N'Authentication'),
    (N'Membership.MaxFailedAttemptsPerHour', N'5', N'int',
     N'Failed membership creations for one phone number in the trailing hour.', N'Membership');

-- ---------------------------------------------------------------------------
-- EventLog (security events; no UpdatedAt, no trigger)
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.EventLog
(
    Id        BIGINT IDENTITY(1,1) NOT NULL,
    EventType NVARCHAR(50) COLLATE Latin1_General_BIN2 NOT NULL,
    Message   NVARCHAR(MAX)        NOT NULL,
    CreatedAt DATETIME2(7)         NOT NULL CONSTRAINT DF_EventLog_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_EventLog PRIMARY KEY CLUSTERED (Id)
);
GO

-- ---------------------------------------------------------------------------
-- GetConfigValue: the stored value, or NULL.
-- The key column's binary collation makes the lookup exact and case-sensitive.
-- ---------------------------------------------------------------------------

CREATE FUNCTION dbo.GetConfigValue(
    @ConfigKey NVARCHAR(200)
)
RETURNS NVARCHAR(MAX)
AS
BEGIN
    RETURN
    (
        SELECT c.ConfigValue
        FROM dbo.SystemConfiguration AS c
        WHERE c.ConfigKey = @ConfigKey
    );
END;
GO

-- ---------------------------------------------------------------------------
-- SetConfigValue
--   updated | created | invalid_value
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo.SetConfigValue
    @ConfigKey NVARCHAR(200),
    @ConfigValue NVARCHAR(MAX),
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @DataType NVARCHAR(10);
    DECLARE @IsValid BIT;

    SET @Outcome = NULL;

    -- Input validation: a NULL, empty or over-long key (> 100), a key ending in a blank (SQL
    -- Server's = ignores trailing blanks, so it would alias another key), or a NULL value.
    IF @ConfigKey IS NULL
       OR LEN(@ConfigKey + N'.') = 1
       OR LEN(@ConfigKey + N'.') > 101
       OR LEN(@ConfigKey + N'.') <> LEN(@ConfigKey) + 1
       OR @ConfigValue IS NULL
    BEGIN
        SET @Outcome = N'invalid_value';
        RETURN;
    END;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: UPDLOCK + HOLDLOCK on the key's range of UQ_SystemConfiguration_ConfigKey: the type
        -- check and the write see the same row, and concurrent creation of one key is serialised.
        SELECT @DataType = c.DataType
        FROM dbo.SystemConfiguration AS c WITH (UPDLOCK, HOLDLOCK, ROWLOCK)
        WHERE c.ConfigKey = @ConfigKey;

        IF @DataType IS NULL
        BEGIN
            -- A new key is a string.
            INSERT INTO dbo.SystemConfiguration (ConfigKey, ConfigValue, DataType, UpdatedAt)
            VALUES (@ConfigKey, @ConfigValue, N'string', SYSUTCDATETIME());

            SET @Outcome = N'created';
            GOTO Finish;
        END;

        -- int (^-?[0-9]+$): int keys are limits, so an integer within INT range and > 0, which
        -- leaves ASCII digits only. bool: exactly true or false (the LEN(x + N'.') form counts trailing blanks).
        SET @IsValid =
            CASE
                WHEN @DataType = N'int' THEN
                    CASE
                        WHEN LEN(@ConfigValue + N'.') > 1
                             AND @ConfigValue COLLATE Latin1_General_BIN2 NOT LIKE N'%[^0-9]%'
                             AND TRY_CAST(@ConfigValue AS INT) > 0
                            THEN 1
                        ELSE 0
                    END
                WHEN @DataType = N'bool' THEN
                    CASE
                        WHEN (@ConfigValue COLLATE Latin1_General_BIN2 = N'true' AND LEN(@ConfigValue + N'.') = 5)
                          OR (@ConfigValue COLLATE Latin1_General_BIN2 = N'false' AND LEN(@ConfigValue + N'.') = 6)
                            THEN 1
                        ELSE 0
                    END
                ELSE 1
            END;

        IF @IsValid = 0
        BEGIN
            SET @Outcome = N'invalid_value';
            GOTO Finish;
        END;

        UPDATE c
        SET ConfigValue = @ConfigValue,
            UpdatedAt = SYSUTCDATETIME()
        FROM dbo.SystemConfiguration AS c
        WHERE c.ConfigKey = @ConfigKey;

        SET @Outcome = N'updated';

    Finish:
        IF @StartedTran = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        -- Roll back only a transaction this procedure started; a caller's stays the caller's.
        IF @StartedTran = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
END;
GO
