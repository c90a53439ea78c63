-- EcliptixMemberships, SQL Server 2019+: configuration routines (repeatable).
-- Repeatable migrations re-run whenever their file changes. The re-run form serves SQL Server 2019+
-- and T-SQL engines without CREATE OR ALTER alike: each routine is dropped when it exists, in its own
-- batch, and created again in the next. Flyway applies them after the versioned ones, in
-- alphabetical order: configuration, core, login, maintenance, membership, session, verification.
-- A routine that calls one of a later file is still created: T-SQL resolves EXEC and function
-- names when the routine runs (deferred name resolution).
--
-- The conventions of every file:
-- - Each file starts with the two settings a routine keeps from its creation (ANSI_NULLS,
--   QUOTED_IDENTIFIER); the others apply where a routine runs, not where it is created.
-- - A dbo procedure: SET NOCOUNT, XACT_ABORT ON; input checks that write nothing and RETURN; then
--   BEGIN TRANSACTION ... COMMIT TRANSACTION, with no TRY/CATCH. Under XACT_ABORT any error rolls the
--   whole transaction back and ends the call (a caller's transaction too, which the error dooms
--   anyway), so nothing is half written. Inside a caller's transaction BEGIN only raises @@TRANCOUNT
--   and COMMIT only lowers it, so the caller's transaction stays the caller's. An outcome decided
--   after BEGIN commits before it returns.
-- - The helpers of ecliptix_internal have PostgreSQL's names and parameters (MigrationParityTest). They
--   start no transaction: they run in their caller's, under the locks it holds.
-- - The UpdatedAt triggers return at once when nested: their own UPDATE must not fire them again
--   (RECURSIVE_TRIGGERS may be ON), and they are the schema's only triggers, so any nesting is that.

SET ANSI_NULLS, QUOTED_IDENTIFIER ON;
GO

-- ---------------------------------------------------------------------------
-- The limits. Each limit's default is written once, in limit_default; the rows V1 and V2 seeded with
-- the defaults of their day are data, and the Java API reads defaults through GetLimit.
-- ---------------------------------------------------------------------------

-- A limit's default; NULL for a key that is not a limit (which is how SetConfigValue tells the two apart).
DROP FUNCTION IF EXISTS ecliptix_internal.limit_default;
GO

CREATE FUNCTION ecliptix_internal.limit_default(
    @Key NVARCHAR(200)
)
RETURNS INT
AS
BEGIN
    RETURN CASE @Key COLLATE Latin1_General_BIN2
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
    END;
END;
GO

-- A value as a limit: a whole number > 0 within INT range, in ASCII digits only (the binary collation
-- keeps out blanks, signs and other scripts' digits; LEN(x + N'.') counts trailing blanks), else NULL.
-- SetConfigValue stores only what this reads; config_int falls back to the default for anything else.
DROP FUNCTION IF EXISTS ecliptix_internal.parse_limit;
GO

CREATE FUNCTION ecliptix_internal.parse_limit(
    @Value NVARCHAR(MAX)
)
RETURNS INT
AS
BEGIN
    RETURN CASE
        WHEN LEN(@Value + N'.') > 1
         AND @Value COLLATE Latin1_General_BIN2 NOT LIKE N'%[^0-9]%'
         AND TRY_CAST(@Value AS INT) > 0
            THEN TRY_CAST(@Value AS INT)
    END;
END;
GO

-- The value of a limit the routines use: the stored one when it reads as a limit, else the default.
-- ISNULL, not COALESCE: SQL Server expands COALESCE into a CASE that reads the subquery twice.
DROP FUNCTION IF EXISTS ecliptix_internal.ConfigInt;
DROP FUNCTION IF EXISTS ecliptix_internal.config_int;
GO

CREATE FUNCTION ecliptix_internal.config_int(
    @Key NVARCHAR(200)
)
RETURNS INT
AS
BEGIN
    RETURN ISNULL(
        (SELECT ecliptix_internal.parse_limit(c.ConfigValue)
         FROM dbo.SystemConfiguration AS c
         WHERE c.ConfigKey = @Key),
        ecliptix_internal.limit_default(@Key));
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
-- GetLimit: one row for a limit (the stored value or NULL, the value the routines use, the default),
-- none for a key that is not a limit.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS dbo.GetLimit;
GO

CREATE FUNCTION dbo.GetLimit(
    @ConfigKey NVARCHAR(200)
)
RETURNS TABLE
AS
RETURN
(
    SELECT c.ConfigValue,
           ecliptix_internal.config_int(@ConfigKey) AS EffectiveValue,
           d.DefaultValue
    FROM (SELECT ecliptix_internal.limit_default(@ConfigKey) AS DefaultValue) AS d
    LEFT JOIN dbo.SystemConfiguration AS c
      ON c.ConfigKey = @ConfigKey
    WHERE d.DefaultValue IS NOT NULL
);
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
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @IsLimit BIT = CASE WHEN ecliptix_internal.limit_default(@ConfigKey) IS NOT NULL THEN 1 ELSE 0 END;
    DECLARE @DataType NVARCHAR(10);
    DECLARE @OldValue NVARCHAR(MAX);
    DECLARE @Subject NVARCHAR(255) = N'config:' + @ConfigKey;

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

    BEGIN TRANSACTION;

    -- LOCK: config:<key>. The type check, the change and its audit event see the same row, and
    -- concurrent creations of one new key create it once.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT @DataType = c.DataType,
           @OldValue = c.ConfigValue
    FROM dbo.SystemConfiguration AS c
    WHERE c.ConfigKey = @ConfigKey;

    -- A limit is an int whatever its row says (missing, or created as a string before it was a
    -- limit): a whole number > 0, so that retention keys are at least 1 day and no limit ever loses
    -- a row it still counts. bool: exactly true or false (LEN(x + N'.') counts trailing blanks). Any
    -- other new key is a string.
    SET @Outcome = CASE
        WHEN @IsLimit = 1 OR @DataType = N'int' THEN
            CASE WHEN ecliptix_internal.parse_limit(@ConfigValue) IS NULL THEN N'invalid_value' END
        WHEN @DataType = N'bool' THEN
            CASE WHEN NOT ((@ConfigValue COLLATE Latin1_General_BIN2 = N'true' AND LEN(@ConfigValue + N'.') = 5)
                           OR (@ConfigValue COLLATE Latin1_General_BIN2 = N'false' AND LEN(@ConfigValue + N'.') = 6))
                 THEN N'invalid_value' END
    END;

    IF @Outcome IS NULL AND @DataType IS NULL
    BEGIN
        INSERT INTO dbo.SystemConfiguration (ConfigKey, ConfigValue, DataType, Category, UpdatedAt)
        VALUES (@ConfigKey, @ConfigValue, CASE WHEN @IsLimit = 1 THEN N'int' ELSE N'string' END,
                CASE WHEN @IsLimit = 1 THEN LEFT(@ConfigKey, CHARINDEX(N'.', @ConfigKey + N'.') - 1) END,
                SYSUTCDATETIME());

        INSERT INTO dbo.EventLog (EventType, Message)
        VALUES (N'config_changed',
                CONCAT(N'Configuration key ', @ConfigKey, N' created with value ', @ConfigValue, N'.'));

        SET @Outcome = N'created';
    END
    ELSE IF @Outcome IS NULL
    BEGIN
        UPDATE dbo.SystemConfiguration
        SET ConfigValue = @ConfigValue,
            DataType = CASE WHEN @IsLimit = 1 THEN N'int' ELSE DataType END,
            UpdatedAt = SYSUTCDATETIME()
        WHERE ConfigKey = @ConfigKey;

        INSERT INTO dbo.EventLog (EventType, Message)
        VALUES (N'config_changed',
                CONCAT(N'Configuration key ', @ConfigKey, N' changed from ', @OldValue, N' to ', @ConfigValue, N'.'));

        SET @Outcome = N'updated';
    END;

    COMMIT TRANSACTION;
END;
GO
