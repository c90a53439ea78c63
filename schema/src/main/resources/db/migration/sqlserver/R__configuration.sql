-- EcliptixMemberships, SQL Server 2019+: configuration routines (repeatable).
-- Repeatable migrations re-run whenever their file changes. The re-run form serves SQL Server 2019+
-- and T-SQL engines without CREATE OR ALTER alike: each routine is dropped when it exists, in its own
-- batch, and created again in the next. Flyway applies them after the versioned ones, in
-- alphabetical order: configuration, core, login, maintenance, membership, session, verification.
-- A routine that calls one of a later file is still created: T-SQL resolves EXEC and function
-- names when the routine runs (deferred name resolution).

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- ---------------------------------------------------------------------------
-- ecliptix_internal.ConfigInt: a limit from SystemConfiguration, or its default when the key is
-- missing or its value is not an integer > 0 within INT range (ASCII digits only: the binary
-- collation keeps out blanks, signs and other scripts' digits). The one place where each limit's
-- default is written. NULL for a key that is not a limit.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS ecliptix_internal.ConfigInt;
GO

CREATE FUNCTION ecliptix_internal.ConfigInt(
    @ConfigKey NVARCHAR(100)
)
RETURNS INT
AS
BEGIN
    DECLARE @Stored NVARCHAR(MAX);
    DECLARE @Value INT;

    SELECT @Stored = c.ConfigValue
    FROM dbo.SystemConfiguration AS c
    WHERE c.ConfigKey = @ConfigKey;

    IF LEN(@Stored + N'.') > 1
       AND @Stored COLLATE Latin1_General_BIN2 NOT LIKE N'%[^0-9]%'
       AND TRY_CAST(@Stored AS INT) > 0
        SET @Value = TRY_CAST(@Stored AS INT);

    RETURN COALESCE(@Value,
        CASE @ConfigKey COLLATE Latin1_General_BIN2
            WHEN N'Verification.MaxFlowsPerHour'            THEN 30
            WHEN N'Verification.FlowLifetimeMinutes'        THEN 5
            WHEN N'Verification.VerifiedFlowLifetimeHours'  THEN 24
            WHEN N'OTP.MaxAttempts'                         THEN 5
            WHEN N'OTP.ResendCooldownSeconds'               THEN 30
            WHEN N'Authentication.MaxFailedAttempts'        THEN 5
            WHEN N'Authentication.AttemptWindowMinutes'     THEN 5
            WHEN N'Authentication.LockoutDurationMinutes'   THEN 5
            WHEN N'Membership.MaxFailedAttemptsPerHour'     THEN 5
            WHEN N'Authentication.ContextLifetimeHours'     THEN 24
            WHEN N'Authentication.MaxContextsPerMembership' THEN 5
            WHEN N'Retention.AttemptLogDays'                THEN 30
            WHEN N'Retention.EventLogDays'                  THEN 90
            WHEN N'Retention.EndedFlowDays'                 THEN 30
            WHEN N'Retention.EndedContextDays'              THEN 7
            WHEN N'Locking.LockTimeoutMilliseconds'         THEN 5000
        END);
END;
GO

-- ---------------------------------------------------------------------------
-- GetConfigValue: the stored value, or NULL.
-- The key column's binary collation makes the lookup exact and case-sensitive.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS dbo.GetConfigValue;
GO

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

DROP PROCEDURE IF EXISTS dbo.SetConfigValue;
GO

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
    DECLARE @OldValue NVARCHAR(MAX);
    DECLARE @IsValid BIT;
    DECLARE @Subject NVARCHAR(255);

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

        -- LOCK: config:<key>. The type check, the change and its audit event see the same row, and
        -- concurrent creations of one new key create it once.
        SET @Subject = N'config:' + @ConfigKey;
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        SELECT @DataType = c.DataType,
               @OldValue = c.ConfigValue
        FROM dbo.SystemConfiguration AS c
        WHERE c.ConfigKey = @ConfigKey;

        IF @DataType IS NULL
        BEGIN
            -- A new key is a string.
            INSERT INTO dbo.SystemConfiguration (ConfigKey, ConfigValue, DataType, UpdatedAt)
            VALUES (@ConfigKey, @ConfigValue, N'string', SYSUTCDATETIME());

            INSERT INTO dbo.EventLog (EventType, Message)
            VALUES (N'config_changed',
                    CONCAT(N'Configuration key ', @ConfigKey, N' created with value ', @ConfigValue, N'.'));

            SET @Outcome = N'created';
            GOTO Finish;
        END;

        -- int (^-?[0-9]+$): int keys are limits, so an integer within INT range and > 0, which
        -- leaves ASCII digits only; retention keys at least 1 day, which the same rule gives, so
        -- that no limit ever loses a row it still counts. bool: exactly true or false (the
        -- LEN(x + N'.') form counts trailing blanks).
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

        UPDATE dbo.SystemConfiguration
        SET ConfigValue = @ConfigValue,
            UpdatedAt = SYSUTCDATETIME()
        WHERE ConfigKey = @ConfigKey;

        INSERT INTO dbo.EventLog (EventType, Message)
        VALUES (N'config_changed',
                CONCAT(N'Configuration key ', @ConfigKey, N' changed from ', @OldValue, N' to ', @ConfigValue, N'.'));

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
