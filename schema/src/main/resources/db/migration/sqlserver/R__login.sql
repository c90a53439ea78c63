-- EcliptixMemberships, SQL Server 2019+: login routines and triggers (repeatable; see
-- R__configuration.sql for how repeatable migrations re-run).

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- ---------------------------------------------------------------------------
-- UpdatedAt trigger of LoginAttempts
-- ---------------------------------------------------------------------------

DROP TRIGGER IF EXISTS dbo.TRG_LoginAttempts_Update;
GO

CREATE TRIGGER dbo.TRG_LoginAttempts_Update
ON dbo.LoginAttempts
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    -- Its own UPDATE below must not fire it again (RECURSIVE_TRIGGERS may be ON). These UpdatedAt
    -- triggers are the schema's only triggers, so any nesting is that recursion.
    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.LoginAttempts
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

-- ---------------------------------------------------------------------------
-- Helpers shared by LoginMembership and LogLoginAttempt. Both callers hold the phone's lock
-- (phone:<number>) inside their transaction before using them, read the limits once, before the
-- queries, and the phone's state (LoginCountedSince, LoginLockedUntil) once, passing them in.
-- ---------------------------------------------------------------------------

-- Rows of a phone number count only after its latest success, and never further back than
-- max(24 h, window): a lockout lasts at most 24 h, so a row whose LockedUntil is still ahead was
-- written within that range, which keeps every count a bounded index range scan. A window reaching
-- before 0001-01-01 starts there (DATEADD would overflow, and no row is older).
DROP FUNCTION IF EXISTS ecliptix_internal.LoginCountedSince;
GO

CREATE FUNCTION ecliptix_internal.LoginCountedSince(
    @PhoneNumber NVARCHAR(18),
    @Now DATETIME2(7),
    @WindowMinutes INT
)
RETURNS DATETIME2(7)
AS
BEGIN
    DECLARE @MinDate DATETIME2(7) = '0001-01-01T00:00:00';
    DECLARE @Horizon DATETIME2(7) = DATEADD(HOUR, -24, @Now);
    DECLARE @LastSuccessAt DATETIME2(7);

    IF @WindowMinutes >= DATEDIFF(MINUTE, @MinDate, @Now)
        SET @Horizon = @MinDate;
    ELSE IF DATEADD(MINUTE, -@WindowMinutes, @Now) < @Horizon
        SET @Horizon = DATEADD(MINUTE, -@WindowMinutes, @Now);

    -- The first entry of a backward seek, however many successes the range holds.
    SELECT TOP (1) @LastSuccessAt = l.CreatedAt
    FROM dbo.LoginAttempts AS l
    WHERE l.PhoneNumber = @PhoneNumber
      AND l.CreatedAt > @Horizon
      AND l.IsSuccess = 1
    ORDER BY l.CreatedAt DESC;

    RETURN CASE WHEN @LastSuccessAt > @Horizon THEN @LastSuccessAt ELSE @Horizon END;
END;
GO

-- The end of the phone's running lockout (one that started after @Since, from LoginCountedSince),
-- or NULL.
DROP FUNCTION IF EXISTS ecliptix_internal.LoginLockedUntil;
GO

CREATE FUNCTION ecliptix_internal.LoginLockedUntil(
    @PhoneNumber NVARCHAR(18),
    @Now DATETIME2(7),
    @Since DATETIME2(7)
)
RETURNS DATETIME2(7)
AS
BEGIN
    DECLARE @LockedUntil DATETIME2(7);

    -- IS NOT NULL spelled out, so the filtered index of lockouts matches.
    SELECT @LockedUntil = MAX(l.LockedUntil)
    FROM dbo.LoginAttempts AS l
    WHERE l.PhoneNumber = @PhoneNumber
      AND l.CreatedAt > @Since
      AND l.LockedUntil IS NOT NULL
      AND l.LockedUntil > @Now;

    RETURN @LockedUntil;
END;
GO

-- Records one decided login attempt. A failure (outside a running lockout) that reaches
-- Authentication.MaxFailedAttempts within the window starts a lockout on its own row: the first
-- lasts LockoutDurationMinutes, each earlier lockout of the last 24 h doubles it, capped at 24 h;
-- it writes a lockout event. @LockedForSeconds is the lockout's length, or NULL. Runs inside the
-- caller's transaction and lock, with the phone's state the caller read under it (@Since, @Locked);
-- it starts no transaction of its own.
DROP PROCEDURE IF EXISTS ecliptix_internal.RecordLoginAttempt;
GO

CREATE PROCEDURE ecliptix_internal.RecordLoginAttempt
    @PhoneNumber NVARCHAR(18),
    @Outcome NVARCHAR(50),
    @IsSuccess BIT,
    @MaxFailed INT,
    @WindowMinutes INT,
    @LockoutMinutes INT,
    @Now DATETIME2(7),
    @Since DATETIME2(7),
    @Locked BIT,
    @LockedForSeconds INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @MinDate DATETIME2(7) = '0001-01-01T00:00:00';
    DECLARE @FailuresFrom DATETIME2(7);
    DECLARE @LockoutsFrom DATETIME2(7);
    DECLARE @FailedCount INT;
    DECLARE @LockoutCount INT;
    DECLARE @DurationMinutes BIGINT;

    SET @LockedForSeconds = NULL;

    IF @IsSuccess = 1
       OR @Outcome = N'locked_out'
       OR @Locked = 1
    BEGIN
        INSERT INTO dbo.LoginAttempts (PhoneNumber, Outcome, IsSuccess)
        VALUES (@PhoneNumber, @Outcome, @IsSuccess);
        RETURN;
    END;

    -- The failures in the window after the latest success, this one included.
    SET @FailuresFrom = @MinDate;
    IF @WindowMinutes < DATEDIFF(MINUTE, @MinDate, @Now)
        SET @FailuresFrom = DATEADD(MINUTE, -@WindowMinutes, @Now);
    IF @Since > @FailuresFrom
        SET @FailuresFrom = @Since;

    -- Only whether the limit is reached matters, so at most @MaxFailed - 1 earlier rows are read,
    -- however many there are.
    SELECT @FailedCount = COUNT(*) + 1
    FROM (SELECT TOP (@MaxFailed - 1) l.Id
          FROM dbo.LoginAttempts AS l
          WHERE l.PhoneNumber = @PhoneNumber
            AND l.CreatedAt > @FailuresFrom
            AND l.IsSuccess = 0
            AND l.Outcome <> N'locked_out') AS counted;

    IF @FailedCount < @MaxFailed
    BEGIN
        INSERT INTO dbo.LoginAttempts (PhoneNumber, Outcome, IsSuccess)
        VALUES (@PhoneNumber, @Outcome, 0);
        RETURN;
    END;

    SET @LockoutsFrom = DATEADD(HOUR, -24, @Now);
    IF @Since > @LockoutsFrom
        SET @LockoutsFrom = @Since;

    SELECT @LockoutCount = COUNT(*)
    FROM dbo.LoginAttempts AS l
    WHERE l.PhoneNumber = @PhoneNumber
      AND l.CreatedAt > @LockoutsFrom
      AND l.LockedUntil IS NOT NULL;

    -- The exponent is capped first so the product cannot overflow; the result is capped at 24 h.
    SET @DurationMinutes = CAST(@LockoutMinutes AS BIGINT)
                           * POWER(CAST(2 AS BIGINT), CASE WHEN @LockoutCount > 11 THEN 11 ELSE @LockoutCount END);
    IF @DurationMinutes > 1440
        SET @DurationMinutes = 1440;

    INSERT INTO dbo.LoginAttempts (PhoneNumber, Outcome, IsSuccess, LockedUntil)
    VALUES (@PhoneNumber, @Outcome, 0, DATEADD(MINUTE, CAST(@DurationMinutes AS INT), @Now));

    INSERT INTO dbo.EventLog (EventType, Message)
    VALUES (N'lockout',
            CONCAT(N'Login locked for phone ', @PhoneNumber, N': ', @FailedCount,
                   N' failed attempts within ', @WindowMinutes, N' minutes (limit ', @MaxFailed,
                   N'), lockout ', @LockoutCount + 1, N' of the last 24 hours, ',
                   @DurationMinutes, N' minutes.'));

    SET @LockedForSeconds = CAST(@DurationMinutes AS INT) * 60;
END;
GO

-- ---------------------------------------------------------------------------
-- LogLoginAttempt
--   logged | invalid_input
--   A logged failure counts like a failed LoginMembership and can start a lockout.
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.LogLoginAttempt;
GO

CREATE PROCEDURE dbo.LogLoginAttempt
    @PhoneNumber NVARCHAR(100),
    @Outcome NVARCHAR(100),
    @IsSuccess BIT,
    @Result NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @MaxFailed INT;
    DECLARE @WindowMinutes INT;
    DECLARE @LockoutMinutes INT;
    DECLARE @Now DATETIME2(7);
    DECLARE @Since DATETIME2(7);
    DECLARE @Locked BIT;

    SET @Result = NULL;

    -- Input validation: nothing is written. Outcome: 1 to 50 characters.
    IF ecliptix_internal.IsE164PhoneNumber(@PhoneNumber) = 0
       OR @Outcome IS NULL
       OR LEN(@Outcome + N'.') = 1
       OR LEN(@Outcome + N'.') > 51
       OR @IsSuccess IS NULL
    BEGIN
        SET @Result = N'invalid_input';
        RETURN;
    END;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: phone:<number>. Guards Authentication.MaxFailedAttempts and the lockouts, like
        -- LoginMembership.
        SET @Subject = N'phone:' + @PhoneNumber;
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        SET @MaxFailed = ecliptix_internal.ConfigInt(N'Authentication.MaxFailedAttempts');
        SET @WindowMinutes = ecliptix_internal.ConfigInt(N'Authentication.AttemptWindowMinutes');
        SET @LockoutMinutes = ecliptix_internal.ConfigInt(N'Authentication.LockoutDurationMinutes');

        SET @Now = SYSUTCDATETIME();
        SET @Since = ecliptix_internal.LoginCountedSince(@PhoneNumber, @Now, @WindowMinutes);
        SET @Locked = CASE WHEN ecliptix_internal.LoginLockedUntil(@PhoneNumber, @Now, @Since) IS NOT NULL
                           THEN 1 ELSE 0 END;

        EXEC ecliptix_internal.RecordLoginAttempt
            @PhoneNumber = @PhoneNumber,
            @Outcome = @Outcome,
            @IsSuccess = @IsSuccess,
            @MaxFailed = @MaxFailed,
            @WindowMinutes = @WindowMinutes,
            @LockoutMinutes = @LockoutMinutes,
            @Now = @Now,
            @Since = @Since,
            @Locked = @Locked;

        SET @Result = N'logged';

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

-- ---------------------------------------------------------------------------
-- LoginMembership
--   invalid_phone_number | locked_out | phone_number_not_found | membership_not_found
--   | secure_key_not_set | inactive_membership | success
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.LoginMembership;
GO

CREATE PROCEDURE dbo.LoginMembership
    @PhoneNumber NVARCHAR(100),
    @MembershipUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @Status NVARCHAR(50) = NULL OUTPUT,
    @SecureKey VARBINARY(MAX) = NULL OUTPUT,
    @LockedForSeconds INT = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @MaxFailed INT;
    DECLARE @WindowMinutes INT;
    DECLARE @LockoutMinutes INT;
    DECLARE @Now DATETIME2(7);
    DECLARE @Since DATETIME2(7);
    DECLARE @LockedUntil DATETIME2(7);
    DECLARE @PhoneUniqueId UNIQUEIDENTIFIER;
    DECLARE @FoundMembershipId UNIQUEIDENTIFIER;
    DECLARE @FoundStatus NVARCHAR(20);
    DECLARE @FoundSecureKey VARBINARY(MAX);
    DECLARE @Decision NVARCHAR(50);
    DECLARE @IsSuccess BIT;
    DECLARE @StartedLockoutSeconds INT;

    SET @MembershipUniqueId = NULL;
    SET @Status = NULL;
    SET @SecureKey = NULL;
    SET @LockedForSeconds = NULL;
    SET @Outcome = NULL;

    -- Input validation (not logged).
    IF ecliptix_internal.IsE164PhoneNumber(@PhoneNumber) = 0
    BEGIN
        SET @Outcome = N'invalid_phone_number';
        RETURN;
    END;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: phone:<number>. Guards Authentication.MaxFailedAttempts within
        -- Authentication.AttemptWindowMinutes, and the lockouts (LockedUntil) and their doubling.
        SET @Subject = N'phone:' + @PhoneNumber;
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        SET @MaxFailed = ecliptix_internal.ConfigInt(N'Authentication.MaxFailedAttempts');
        SET @WindowMinutes = ecliptix_internal.ConfigInt(N'Authentication.AttemptWindowMinutes');
        SET @LockoutMinutes = ecliptix_internal.ConfigInt(N'Authentication.LockoutDurationMinutes');

        SET @Now = SYSUTCDATETIME();
        SET @Since = ecliptix_internal.LoginCountedSince(@PhoneNumber, @Now, @WindowMinutes);
        SET @LockedUntil = ecliptix_internal.LoginLockedUntil(@PhoneNumber, @Now, @Since);

        IF @LockedUntil IS NOT NULL
        BEGIN
            -- Logged, not counted as a failure.
            EXEC ecliptix_internal.RecordLoginAttempt
                @PhoneNumber = @PhoneNumber,
                @Outcome = N'locked_out',
                @IsSuccess = 0,
                @MaxFailed = @MaxFailed,
                @WindowMinutes = @WindowMinutes,
                @LockoutMinutes = @LockoutMinutes,
                @Now = @Now,
                @Since = @Since,
                @Locked = 1;

            SET @LockedForSeconds = CAST(CEILING(DATEDIFF_BIG(MICROSECOND, @Now, @LockedUntil) / 1000000.0) AS INT);
            IF @LockedForSeconds < 1
                SET @LockedForSeconds = 1;

            SET @Outcome = N'locked_out';
            GOTO Finish;
        END;

        -- Decide the outcome: phone, membership, key, status. The phone and its live membership in
        -- one read (@PhoneUniqueId NULL: no live phone).
        SELECT TOP (1) @PhoneUniqueId = p.UniqueId,
                       @FoundMembershipId = m.UniqueId,
                       @FoundStatus = m.Status,
                       @FoundSecureKey = m.SecureKey
        FROM dbo.PhoneNumbers AS p
        LEFT JOIN dbo.Memberships AS m
          ON m.PhoneNumberId = p.UniqueId
         AND m.IsDeleted = 0
        WHERE p.PhoneNumber = @PhoneNumber
          AND p.IsDeleted = 0;

        IF @PhoneUniqueId IS NULL
        BEGIN
            SET @Decision = N'phone_number_not_found';
        END
        ELSE
        BEGIN
            IF @FoundMembershipId IS NULL
            BEGIN
                SET @Decision = N'membership_not_found';
            END
            ELSE IF @FoundSecureKey IS NULL OR DATALENGTH(@FoundSecureKey) = 0
            BEGIN
                SET @Decision = N'secure_key_not_set';
            END
            ELSE IF @FoundStatus <> N'active'
            BEGIN
                -- inactive and blocked memberships alike.
                SET @Decision = N'inactive_membership';
            END
            ELSE
            BEGIN
                SET @Decision = N'success';
            END;

            -- The membership's id and status are returned whenever it is found; the key only on
            -- success.
            SET @MembershipUniqueId = @FoundMembershipId;
            SET @Status = @FoundStatus;
        END;

        SET @IsSuccess = CASE WHEN @Decision = N'success' THEN 1 ELSE 0 END;

        -- On the failure that starts a lockout, LockedForSeconds is the lockout's whole length.
        EXEC ecliptix_internal.RecordLoginAttempt
            @PhoneNumber = @PhoneNumber,
            @Outcome = @Decision,
            @IsSuccess = @IsSuccess,
            @MaxFailed = @MaxFailed,
            @WindowMinutes = @WindowMinutes,
            @LockoutMinutes = @LockoutMinutes,
            @Now = @Now,
            @Since = @Since,
            @Locked = 0,
            @LockedForSeconds = @StartedLockoutSeconds OUTPUT;

        SET @LockedForSeconds = @StartedLockoutSeconds;
        IF @IsSuccess = 1
            SET @SecureKey = @FoundSecureKey;
        SET @Outcome = @Decision;

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
