-- EcliptixMemberships, SQL Server 2019+: login routines and triggers (repeatable; see
-- R__configuration.sql for how repeatable migrations re-run).

SET ANSI_NULLS, QUOTED_IDENTIFIER ON;
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

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.LoginAttempts
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

-- ---------------------------------------------------------------------------
-- Helpers shared by LoginMembership and LogLoginAttempt. Both callers hold the phone's lock
-- (phone:<number>) before using them, and read the phone's state (login_state) once under it.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS ecliptix_internal.LoginCountedSince;
DROP FUNCTION IF EXISTS ecliptix_internal.LoginLockedUntil;
DROP PROCEDURE IF EXISTS ecliptix_internal.RecordLoginAttempt;
GO

-- What the phone's next attempt is judged by, in one inline read: the time its rows count from
-- (counted_since), the end of its running lockout (locked_until, NULL when none), and the window.
-- Rows count only after the phone's latest success, and never further back than max(24 h, window):
-- a lockout lasts at most 24 h, so a row whose LockedUntil is still ahead was written within that
-- range, which keeps every read a bounded index range scan. A window reaching before 0001-01-01
-- starts there (DATEADD would overflow, and no row is older). The latest success is the first entry
-- of a backward seek, however many successes the range holds; IS NOT NULL is spelled out so that
-- the filtered index of lockouts matches.
DROP FUNCTION IF EXISTS ecliptix_internal.login_state;
GO

CREATE FUNCTION ecliptix_internal.login_state(
    @PhoneNumber NVARCHAR(18),
    @Now DATETIME2(7)
)
RETURNS TABLE
AS
RETURN
(
    SELECT s.counted_since,
           (SELECT MAX(l.LockedUntil)
            FROM dbo.LoginAttempts AS l
            WHERE l.PhoneNumber = @PhoneNumber
              AND l.CreatedAt > s.counted_since
              AND l.LockedUntil IS NOT NULL
              AND l.LockedUntil > @Now) AS locked_until,
           s.window_minutes
    FROM (SELECT ISNULL((SELECT TOP (1) l.CreatedAt
                         FROM dbo.LoginAttempts AS l
                         WHERE l.PhoneNumber = @PhoneNumber
                           AND l.CreatedAt > h.horizon
                           AND l.IsSuccess = 1
                         ORDER BY l.CreatedAt DESC), h.horizon) AS counted_since,
                 h.window_minutes
          FROM (SELECT CASE
                           WHEN w.window_minutes >= DATEDIFF(MINUTE, CAST('0001-01-01' AS DATETIME2(7)), @Now)
                               THEN CAST('0001-01-01' AS DATETIME2(7))
                           WHEN w.window_minutes > 1440 THEN DATEADD(MINUTE, -w.window_minutes, @Now)
                           ELSE DATEADD(HOUR, -24, @Now)
                       END AS horizon,
                       w.window_minutes
                FROM (SELECT ecliptix_internal.config_int(N'Authentication.AttemptWindowMinutes') AS window_minutes) AS w) AS h) AS s
);
GO

-- Records one decided login attempt, given the phone's state (login_state, read under the same lock).
-- A failure (outside a running lockout) that reaches Authentication.MaxFailedAttempts within the
-- window starts a lockout on its own row: the first lasts LockoutDurationMinutes, each earlier lockout
-- of the last 24 h doubles it, capped at 24 h; it writes a lockout event. @LockedForSeconds is the
-- lockout's length, or NULL. The other limits are read only on the failure path.
DROP PROCEDURE IF EXISTS ecliptix_internal.record_login_attempt;
GO

CREATE PROCEDURE ecliptix_internal.record_login_attempt
    @PhoneNumber NVARCHAR(18),
    @Outcome NVARCHAR(50),
    @IsSuccess BIT,
    @Now DATETIME2(7),
    @Since DATETIME2(7),
    @Locked BIT,
    @WindowMinutes INT,
    @LockedForSeconds INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @MinDate DATETIME2(7) = '0001-01-01T00:00:00';
    DECLARE @MaxFailed INT;
    DECLARE @LockoutMinutes INT;
    DECLARE @FailuresFrom DATETIME2(7) = @MinDate;
    DECLARE @LockoutsFrom DATETIME2(7) = DATEADD(HOUR, -24, @Now);
    DECLARE @FailedCount INT;
    DECLARE @LockoutCount INT;
    DECLARE @DurationMinutes BIGINT;

    SET @LockedForSeconds = NULL;

    IF @IsSuccess = 1 OR @Outcome = N'locked_out' OR @Locked = 1
    BEGIN
        INSERT INTO dbo.LoginAttempts (PhoneNumber, Outcome, IsSuccess)
        VALUES (@PhoneNumber, @Outcome, @IsSuccess);
        RETURN;
    END;

    SET @MaxFailed = ecliptix_internal.config_int(N'Authentication.MaxFailedAttempts');

    -- The failures in the window after the latest success, this one included. Only whether the limit
    -- is reached matters, so at most @MaxFailed - 1 earlier rows are read, however many there are.
    IF @WindowMinutes < DATEDIFF(MINUTE, @MinDate, @Now)
        SET @FailuresFrom = DATEADD(MINUTE, -@WindowMinutes, @Now);
    IF @Since > @FailuresFrom
        SET @FailuresFrom = @Since;

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

    SET @LockoutMinutes = ecliptix_internal.config_int(N'Authentication.LockoutDurationMinutes');
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
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'phone:' + @PhoneNumber;
    DECLARE @Now DATETIME2(7);
    DECLARE @Since DATETIME2(7);
    DECLARE @Locked BIT;
    DECLARE @WindowMinutes INT;

    SET @Result = NULL;

    -- Input validation: nothing is written. Outcome: 1 to 50 characters.
    IF ecliptix_internal.is_e164_phone_number(@PhoneNumber) = 0
       OR @Outcome IS NULL
       OR LEN(@Outcome + N'.') = 1
       OR LEN(@Outcome + N'.') > 51
       OR @IsSuccess IS NULL
    BEGIN
        SET @Result = N'invalid_input';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: phone:<number>. Guards Authentication.MaxFailedAttempts and the lockouts, like
    -- LoginMembership.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SET @Now = SYSUTCDATETIME();
    SELECT @Since = st.counted_since,
           @Locked = CASE WHEN st.locked_until IS NOT NULL THEN 1 ELSE 0 END,
           @WindowMinutes = st.window_minutes
    FROM ecliptix_internal.login_state(@PhoneNumber, @Now) AS st;

    EXEC ecliptix_internal.record_login_attempt
        @PhoneNumber = @PhoneNumber,
        @Outcome = @Outcome,
        @IsSuccess = @IsSuccess,
        @Now = @Now,
        @Since = @Since,
        @Locked = @Locked,
        @WindowMinutes = @WindowMinutes;

    SET @Result = N'logged';

    COMMIT TRANSACTION;
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
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'phone:' + @PhoneNumber;
    DECLARE @Now DATETIME2(7);
    DECLARE @Since DATETIME2(7);
    DECLARE @LockedUntil DATETIME2(7);
    DECLARE @WindowMinutes INT;
    DECLARE @PhoneUniqueId UNIQUEIDENTIFIER;
    DECLARE @FoundMembershipId UNIQUEIDENTIFIER;
    DECLARE @FoundStatus NVARCHAR(20);
    DECLARE @FoundSecureKey VARBINARY(MAX);
    DECLARE @IsSuccess BIT;

    SET @MembershipUniqueId = NULL;
    SET @Status = NULL;
    SET @SecureKey = NULL;
    SET @LockedForSeconds = NULL;
    SET @Outcome = NULL;

    -- Input validation (not logged).
    IF ecliptix_internal.is_e164_phone_number(@PhoneNumber) = 0
    BEGIN
        SET @Outcome = N'invalid_phone_number';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: phone:<number>. Guards Authentication.MaxFailedAttempts within
    -- Authentication.AttemptWindowMinutes, and the lockouts (LockedUntil) and their doubling.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    -- One read: the phone's state (login_state) with the phone and its live membership
    -- (@PhoneUniqueId NULL: no live phone). A running lockout decides before they are looked at.
    SET @Now = SYSUTCDATETIME();
    SELECT @Since = st.counted_since,
           @LockedUntil = st.locked_until,
           @WindowMinutes = st.window_minutes,
           @PhoneUniqueId = p.UniqueId,
           @FoundMembershipId = m.UniqueId,
           @FoundStatus = m.Status,
           @FoundSecureKey = m.SecureKey
    FROM ecliptix_internal.login_state(@PhoneNumber, @Now) AS st
    LEFT JOIN dbo.PhoneNumbers AS p
      ON p.PhoneNumber = @PhoneNumber
     AND p.IsDeleted = 0
    LEFT JOIN dbo.Memberships AS m
      ON m.PhoneNumberId = p.UniqueId
     AND m.IsDeleted = 0;

    IF @LockedUntil IS NOT NULL
    BEGIN
        -- Logged, not counted as a failure.
        EXEC ecliptix_internal.record_login_attempt
            @PhoneNumber = @PhoneNumber,
            @Outcome = N'locked_out',
            @IsSuccess = 0,
            @Now = @Now,
            @Since = @Since,
            @Locked = 1,
            @WindowMinutes = @WindowMinutes;

        SET @LockedForSeconds = CAST(CEILING(DATEDIFF_BIG(MICROSECOND, @Now, @LockedUntil) / 1000000.0) AS INT);
        IF @LockedForSeconds < 1
            SET @LockedForSeconds = 1;
        SET @Outcome = N'locked_out';

        COMMIT TRANSACTION;
        RETURN;
    END;

    -- The membership's id and status are returned whenever it is found; the key only on success.
    -- inactive and blocked memberships alike are inactive_membership.
    SET @Outcome = CASE
        WHEN @PhoneUniqueId IS NULL THEN N'phone_number_not_found'
        WHEN @FoundMembershipId IS NULL THEN N'membership_not_found'
        WHEN @FoundSecureKey IS NULL OR DATALENGTH(@FoundSecureKey) = 0 THEN N'secure_key_not_set'
        WHEN @FoundStatus <> N'active' THEN N'inactive_membership'
        ELSE N'success'
    END;
    SET @IsSuccess = CASE WHEN @Outcome = N'success' THEN 1 ELSE 0 END;
    SET @MembershipUniqueId = @FoundMembershipId;
    SET @Status = @FoundStatus;
    IF @IsSuccess = 1
        SET @SecureKey = @FoundSecureKey;

    -- On the failure that starts a lockout, LockedForSeconds is the lockout's whole length.
    EXEC ecliptix_internal.record_login_attempt
        @PhoneNumber = @PhoneNumber,
        @Outcome = @Outcome,
        @IsSuccess = @IsSuccess,
        @Now = @Now,
        @Since = @Since,
        @Locked = 0,
        @WindowMinutes = @WindowMinutes,
        @LockedForSeconds = @LockedForSeconds OUTPUT;

    COMMIT TRANSACTION;
END;
GO
