-- EcliptixMemberships, SQL Server 2019+: verification routines and triggers (repeatable; see
-- R__configuration.sql for how repeatable migrations re-run).

SET ANSI_NULLS, QUOTED_IDENTIFIER ON;
GO

-- ---------------------------------------------------------------------------
-- UpdatedAt triggers of VerificationFlows, OtpRecords, FailedOtpAttempts
-- ---------------------------------------------------------------------------

DROP TRIGGER IF EXISTS dbo.TRG_VerificationFlows_Update;
GO

CREATE TRIGGER dbo.TRG_VerificationFlows_Update
ON dbo.VerificationFlows
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.VerificationFlows
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

DROP TRIGGER IF EXISTS dbo.TRG_OtpRecords_Update;
GO

CREATE TRIGGER dbo.TRG_OtpRecords_Update
ON dbo.OtpRecords
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.OtpRecords
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

DROP TRIGGER IF EXISTS dbo.TRG_FailedOtpAttempts_Update;
GO

CREATE TRIGGER dbo.TRG_FailedOtpAttempts_Update
ON dbo.FailedOtpAttempts
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.FailedOtpAttempts
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

-- ---------------------------------------------------------------------------
-- Helpers shared by the verification routines. Their callers hold the flow's lock (flow:<id>)
-- inside their transaction.
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS ecliptix_internal.EndFlow;
DROP PROCEDURE IF EXISTS ecliptix_internal.CheckOtpIssue;
DROP PROCEDURE IF EXISTS ecliptix_internal.VerifyFlow;
DROP PROCEDURE IF EXISTS ecliptix_internal.RecordFailedOtpCheck;
GO

-- Ends a pending flow as expired or failed; its active OTP expires with it.
DROP PROCEDURE IF EXISTS ecliptix_internal.end_flow;
GO

CREATE PROCEDURE ecliptix_internal.end_flow
    @FlowId UNIQUEIDENTIFIER,
    @Status NVARCHAR(20)
AS
BEGIN
    SET NOCOUNT ON;

    UPDATE dbo.VerificationFlows
    SET Status = @Status
    WHERE UniqueId = @FlowId;

    UPDATE dbo.OtpRecords
    SET Status = N'expired',
        IsActive = 0
    WHERE FlowUniqueId = @FlowId
      AND IsActive = 1
      AND Status = N'pending'
      AND IsDeleted = 0;
END;
GO

-- Why a live pending flow may not get a new OTP now (@Outcome), or NULL when it may; the check that
-- RequestResendOtp and InsertOtpRecord share. Past its ExpiresAt the flow becomes expired
-- ('flow_expired'); with OTP.MaxAttempts OTPs issued it becomes failed ('max_otp_attempts_reached');
-- within OTP.ResendCooldownSeconds of its latest OTP it is 'resend_cooldown_active' with the seconds
-- to wait.
DROP PROCEDURE IF EXISTS ecliptix_internal.otp_issue_refusal;
GO

CREATE PROCEDURE ecliptix_internal.otp_issue_refusal
    @FlowId UNIQUEIDENTIFIER,
    @ExpiresAt DATETIME2(7),
    @OtpCount INT,
    @Outcome NVARCHAR(50) = NULL OUTPUT,
    @RetryAfterSeconds INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @Now DATETIME2(7) = SYSUTCDATETIME();
    DECLARE @CooldownSeconds INT = ecliptix_internal.config_int(N'OTP.ResendCooldownSeconds');
    DECLARE @EndStatus NVARCHAR(20);
    DECLARE @LastOtpAt DATETIME2(7);

    SET @RetryAfterSeconds = NULL;
    SET @Outcome = CASE
        WHEN @ExpiresAt <= @Now THEN N'flow_expired'
        WHEN @OtpCount >= ecliptix_internal.config_int(N'OTP.MaxAttempts') THEN N'max_otp_attempts_reached'
    END;

    IF @Outcome IS NOT NULL
    BEGIN
        SET @EndStatus = CASE WHEN @Outcome = N'flow_expired' THEN N'expired' ELSE N'failed' END;
        EXEC ecliptix_internal.end_flow @FlowId = @FlowId, @Status = @EndStatus;
        RETURN;
    END;

    SELECT TOP (1) @LastOtpAt = o.CreatedAt
    FROM dbo.OtpRecords AS o
    WHERE o.FlowUniqueId = @FlowId
      AND o.IsDeleted = 0
    ORDER BY o.CreatedAt DESC;

    IF DATEADD(SECOND, @CooldownSeconds, @LastOtpAt) > @Now
    BEGIN
        SET @RetryAfterSeconds = CAST(CEILING(DATEDIFF_BIG(MICROSECOND, @Now, DATEADD(SECOND, @CooldownSeconds, @LastOtpAt))
                                              / 1000000.0) AS INT);
        IF @RetryAfterSeconds < 1
            SET @RetryAfterSeconds = 1;
        SET @Outcome = N'resend_cooldown_active';
    END;
END;
GO

-- A pending flow becomes verified, with its OTP when one verified it (NULL otherwise): the OTP is used
-- up, and the flow stays usable for Verification.VerifiedFlowLifetimeHours (or until the largest
-- DATETIME2 when that lies past it: DATEADD would overflow).
DROP PROCEDURE IF EXISTS ecliptix_internal.verify_flow;
GO

CREATE PROCEDURE ecliptix_internal.verify_flow
    @FlowId UNIQUEIDENTIFIER,
    @OtpId UNIQUEIDENTIFIER
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @Now DATETIME2(7) = SYSUTCDATETIME();
    DECLARE @VerifiedHours INT = ecliptix_internal.config_int(N'Verification.VerifiedFlowLifetimeHours');
    DECLARE @VerifiedUntil DATETIME2(7) = '9999-12-31T23:59:59.9999999';

    IF @VerifiedHours < DATEDIFF(HOUR, @Now, @VerifiedUntil)
        SET @VerifiedUntil = DATEADD(HOUR, @VerifiedHours, @Now);

    UPDATE dbo.OtpRecords
    SET Status = N'verified',
        IsActive = 0
    WHERE UniqueId = @OtpId;

    UPDATE dbo.VerificationFlows
    SET Status = N'verified',
        ExpiresAt = @VerifiedUntil
    WHERE UniqueId = @FlowId;
END;
GO

-- Records one failed OTP check of a flow; @RemainingAttempts is the checks left (OTP.MaxAttempts minus
-- the flow's failed checks). The check that reaches the limit fails the OTP and the flow and writes
-- one otp_check_limit event; it leaves 0.
DROP PROCEDURE IF EXISTS ecliptix_internal.record_failed_otp_check;
GO

CREATE PROCEDURE ecliptix_internal.record_failed_otp_check
    @FlowId UNIQUEIDENTIFIER,
    @OtpId UNIQUEIDENTIFIER,
    @RemainingAttempts INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @MaxFailed INT = ecliptix_internal.config_int(N'OTP.MaxAttempts');
    DECLARE @FailedCount INT;

    INSERT INTO dbo.FailedOtpAttempts (OtpUniqueId, FlowUniqueId)
    VALUES (@OtpId, @FlowId);

    -- Only whether the limit is reached matters: at most @MaxFailed rows are read.
    SELECT @FailedCount = COUNT(*)
    FROM (SELECT TOP (@MaxFailed) a.Id
          FROM dbo.FailedOtpAttempts AS a
          WHERE a.FlowUniqueId = @FlowId
            AND a.IsDeleted = 0) AS counted;

    SET @RemainingAttempts = @MaxFailed - @FailedCount;
    IF @RemainingAttempts > 0
        RETURN;

    SET @RemainingAttempts = 0;

    UPDATE dbo.OtpRecords
    SET Status = N'failed',
        IsActive = 0
    WHERE UniqueId = @OtpId
      AND Status = N'pending';

    EXEC ecliptix_internal.end_flow @FlowId = @FlowId, @Status = N'failed';

    INSERT INTO dbo.EventLog (EventType, Message)
    VALUES (N'otp_check_limit',
            CONCAT(N'Verification flow ', LOWER(CONVERT(NVARCHAR(36), @FlowId)), N' failed: ',
                   @FailedCount, N' failed OTP checks, limit ', @MaxFailed, N'.'));
END;
GO

-- ---------------------------------------------------------------------------
-- GetFullFlowState: one row for a live flow (with its active unexpired OTP, or NULLs), else none.
-- UX_OtpRecords_Active allows at most one active OTP per flow, so the join keeps one row.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS dbo.GetFullFlowState;
GO

CREATE FUNCTION dbo.GetFullFlowState(
    @FlowUniqueId UNIQUEIDENTIFIER
)
RETURNS TABLE
AS
RETURN
(
    SELECT
        f.UniqueId,
        p.UniqueId   AS PhoneNumberUniqueId,
        f.AppDeviceId,
        f.ConnectionId,
        f.ExpiresAt,
        f.Status,
        f.Purpose,
        f.OtpCount,
        o.UniqueId   AS OtpUniqueId,
        o.ExpiresAt  AS OtpExpiresAt,
        o.Status     AS OtpStatus,
        o.OtpSalt
    FROM dbo.VerificationFlows AS f
    INNER JOIN dbo.PhoneNumbers AS p
        ON p.Id = f.PhoneNumberId
    LEFT JOIN dbo.OtpRecords AS o
        ON o.FlowUniqueId = f.UniqueId
       AND o.IsActive = 1
       AND o.IsDeleted = 0
       AND o.ExpiresAt > SYSUTCDATETIME()
    WHERE f.UniqueId = @FlowUniqueId
      AND f.IsDeleted = 0
);
GO

-- ---------------------------------------------------------------------------
-- InitiateVerificationFlow
--   invalid_purpose | phone_not_found | device_not_found | verified | retrieved
--   | rate_limited | created
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.InitiateVerificationFlow;
GO

CREATE PROCEDURE dbo.InitiateVerificationFlow
    @AppDeviceId UNIQUEIDENTIFIER,
    @PhoneNumberUniqueId UNIQUEIDENTIFIER,
    @Purpose NVARCHAR(50),
    @ConnectionId BIGINT,
    @FlowUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255);
    DECLARE @PhoneId BIGINT;
    DECLARE @PhoneNumber NVARCHAR(18);
    DECLARE @Now DATETIME2(7);
    DECLARE @MaxFlowsPerHour INT;
    DECLARE @FlowCount INT;

    SET @FlowUniqueId = NULL;
    SET @Outcome = NULL;

    -- Input validation: an exact purpose code (binary collation, no trailing blanks).
    IF @Purpose IS NULL
       OR LEN(@Purpose + N'.') <> LEN(@Purpose) + 1
       OR @Purpose COLLATE Latin1_General_BIN2
          NOT IN (N'unspecified', N'registration', N'login', N'password_recovery', N'update_phone')
    BEGIN
        SET @Outcome = N'invalid_purpose';
        RETURN;
    END;

    -- The phone's number names its lock: read it first, then again under the lock.
    SELECT @PhoneNumber = p.PhoneNumber
    FROM dbo.PhoneNumbers AS p
    WHERE p.UniqueId = @PhoneNumberUniqueId
      AND p.IsDeleted = 0;

    IF @PhoneNumber IS NULL
    BEGIN
        SET @Outcome = N'phone_not_found';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: phone:<number>. Guards Verification.MaxFlowsPerHour and the one-live-pending-flow
    -- per (device, phone, purpose) rule: every flow creation for this phone waits here.
    SET @Subject = N'phone:' + @PhoneNumber;
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    -- Read again under the lock: the phone may have been deleted meanwhile.
    SELECT @PhoneId = p.Id
    FROM dbo.PhoneNumbers AS p
    WHERE p.UniqueId = @PhoneNumberUniqueId
      AND p.IsDeleted = 0;

    SET @Outcome = CASE
        WHEN @PhoneId IS NULL THEN N'phone_not_found'
        WHEN @AppDeviceId IS NULL
          OR NOT EXISTS (SELECT 1 FROM dbo.AppDevices AS d WHERE d.UniqueId = @AppDeviceId AND d.IsDeleted = 0)
            THEN N'device_not_found'
    END;

    IF @Outcome IS NOT NULL
    BEGIN
        COMMIT TRANSACTION;
        RETURN;
    END;

    SET @Now = SYSUTCDATETIME();

    -- A live verified flow of the triple that is still usable.
    SELECT TOP (1) @FlowUniqueId = f.UniqueId
    FROM dbo.VerificationFlows AS f
    WHERE f.AppDeviceId = @AppDeviceId
      AND f.PhoneNumberId = @PhoneId
      AND f.Purpose = @Purpose
      AND f.Status = N'verified'
      AND f.IsDeleted = 0
      AND f.ExpiresAt > @Now
    ORDER BY f.ExpiresAt DESC;

    IF @FlowUniqueId IS NOT NULL
    BEGIN
        SET @Outcome = N'verified';
        COMMIT TRANSACTION;
        RETURN;
    END;

    -- Pending flows of the triple that are past ExpiresAt become expired, with their active OTP
    -- (first the OTPs, while their flows still match the same test of the same @Now).
    UPDATE dbo.OtpRecords
    SET Status = N'expired',
        IsActive = 0
    WHERE IsActive = 1
      AND Status = N'pending'
      AND IsDeleted = 0
      AND FlowUniqueId IN (
          SELECT f.UniqueId
          FROM dbo.VerificationFlows AS f
          WHERE f.AppDeviceId = @AppDeviceId
            AND f.PhoneNumberId = @PhoneId
            AND f.Purpose = @Purpose
            AND f.Status = N'pending'
            AND f.IsDeleted = 0
            AND f.ExpiresAt <= @Now
      );

    UPDATE dbo.VerificationFlows
    SET Status = N'expired'
    WHERE AppDeviceId = @AppDeviceId
      AND PhoneNumberId = @PhoneId
      AND Purpose = @Purpose
      AND Status = N'pending'
      AND IsDeleted = 0
      AND ExpiresAt <= @Now;

    -- The live pending flow of the triple (unexpired now); its ConnectionId is not changed.
    SELECT TOP (1) @FlowUniqueId = f.UniqueId
    FROM dbo.VerificationFlows AS f
    WHERE f.AppDeviceId = @AppDeviceId
      AND f.PhoneNumberId = @PhoneId
      AND f.Purpose = @Purpose
      AND f.Status = N'pending'
      AND f.IsDeleted = 0;

    IF @FlowUniqueId IS NOT NULL
    BEGIN
        SET @Outcome = N'retrieved';
        COMMIT TRANSACTION;
        RETURN;
    END;

    -- Verification.MaxFlowsPerHour (guarded by the phone's lock above): every live flow of the
    -- phone created in the trailing hour counts, whatever its status. Only whether the limit is
    -- reached matters: at most @MaxFlowsPerHour rows are read.
    SET @MaxFlowsPerHour = ecliptix_internal.config_int(N'Verification.MaxFlowsPerHour');

    SELECT @FlowCount = COUNT(*)
    FROM (SELECT TOP (@MaxFlowsPerHour) f.Id
          FROM dbo.VerificationFlows AS f
          WHERE f.PhoneNumberId = @PhoneId
            AND f.CreatedAt > DATEADD(HOUR, -1, @Now)
            AND f.IsDeleted = 0) AS counted;

    IF @FlowCount >= @MaxFlowsPerHour
    BEGIN
        INSERT INTO dbo.EventLog (EventType, Message)
        VALUES (N'rate_limited',
                CONCAT(N'Verification flow refused for phone ', @PhoneNumber, N': ',
                       @FlowCount, N' flows created in the last hour, limit ', @MaxFlowsPerHour, N'.'));

        SET @Outcome = N'rate_limited';
    END
    ELSE
    BEGIN
        SET @FlowUniqueId = NEWID();

        INSERT INTO dbo.VerificationFlows
            (PhoneNumberId, AppDeviceId, Status, Purpose, ExpiresAt, OtpCount, ConnectionId, UniqueId)
        VALUES
            (@PhoneId, @AppDeviceId, N'pending', @Purpose,
             DATEADD(MINUTE, ecliptix_internal.config_int(N'Verification.FlowLifetimeMinutes'), @Now), 0,
             @ConnectionId, @FlowUniqueId);

        SET @Outcome = N'created';
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- RequestResendOtp
--   resend_allowed | resend_cooldown_active | max_otp_attempts_reached | flow_expired
--   | flow_not_found_or_invalid
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.RequestResendOtp;
GO

CREATE PROCEDURE dbo.RequestResendOtp
    @FlowUniqueId UNIQUEIDENTIFIER,
    @RetryAfterSeconds INT = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'flow:' + LOWER(CONVERT(NVARCHAR(36), @FlowUniqueId));
    DECLARE @FlowStatus NVARCHAR(20);
    DECLARE @FlowExpiresAt DATETIME2(7);
    DECLARE @OtpCount SMALLINT;

    SET @RetryAfterSeconds = NULL;
    SET @Outcome = NULL;

    -- A NULL id names no flow (and no lock).
    IF @FlowUniqueId IS NULL
    BEGIN
        SET @Outcome = N'flow_not_found_or_invalid';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: flow:<id>. Guards OTP.MaxAttempts (OtpCount) and OTP.ResendCooldownSeconds.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT @FlowStatus = f.Status,
           @FlowExpiresAt = f.ExpiresAt,
           @OtpCount = f.OtpCount
    FROM dbo.VerificationFlows AS f
    WHERE f.UniqueId = @FlowUniqueId
      AND f.IsDeleted = 0;

    IF @FlowStatus IS NULL OR @FlowStatus <> N'pending'
        SET @Outcome = N'flow_not_found_or_invalid';
    ELSE
    BEGIN
        EXEC ecliptix_internal.otp_issue_refusal
            @FlowId = @FlowUniqueId,
            @ExpiresAt = @FlowExpiresAt,
            @OtpCount = @OtpCount,
            @Outcome = @Outcome OUTPUT,
            @RetryAfterSeconds = @RetryAfterSeconds OUTPUT;

        -- Nothing is written when a resend is allowed.
        SET @Outcome = ISNULL(@Outcome, N'resend_allowed');
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- InsertOtpRecord
--   created | resend_cooldown_active | max_otp_attempts_reached | flow_not_found_or_invalid
--   | invalid_input
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.InsertOtpRecord;
GO

CREATE PROCEDURE dbo.InsertOtpRecord
    @FlowUniqueId UNIQUEIDENTIFIER,
    @OtpHash NVARCHAR(500),
    @OtpSalt NVARCHAR(500),
    @ExpiresAt DATETIME2(7),
    @OtpUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @RetryAfterSeconds INT = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'flow:' + LOWER(CONVERT(NVARCHAR(36), @FlowUniqueId));
    DECLARE @FlowStatus NVARCHAR(20);
    DECLARE @FlowExpiresAt DATETIME2(7);
    DECLARE @OtpCount SMALLINT;
    DECLARE @PhoneId BIGINT;

    SET @OtpUniqueId = NULL;
    SET @RetryAfterSeconds = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written. LEN(x + N'.') - 1 is the length with trailing blanks,
    -- checked against NVARCHAR(255); the parameters are wider so nothing is truncated silently.
    IF @FlowUniqueId IS NULL
       OR @OtpHash IS NULL OR LEN(@OtpHash + N'.') = 1 OR LEN(@OtpHash + N'.') > 256
       OR @OtpSalt IS NULL OR LEN(@OtpSalt + N'.') = 1 OR LEN(@OtpSalt + N'.') > 256
       OR @ExpiresAt IS NULL OR @ExpiresAt <= SYSUTCDATETIME()
    BEGIN
        SET @Outcome = N'invalid_input';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: flow:<id>. Guards OTP.MaxAttempts (OtpCount), OTP.ResendCooldownSeconds and the
    -- one-active-OTP-per-flow rule.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT @FlowStatus = f.Status,
           @FlowExpiresAt = f.ExpiresAt,
           @OtpCount = f.OtpCount,
           @PhoneId = f.PhoneNumberId
    FROM dbo.VerificationFlows AS f
    WHERE f.UniqueId = @FlowUniqueId
      AND f.IsDeleted = 0;

    IF @FlowStatus IS NULL OR @FlowStatus <> N'pending'
        SET @Outcome = N'flow_not_found_or_invalid';
    ELSE
        EXEC ecliptix_internal.otp_issue_refusal
            @FlowId = @FlowUniqueId,
            @ExpiresAt = @FlowExpiresAt,
            @OtpCount = @OtpCount,
            @Outcome = @Outcome OUTPUT,
            @RetryAfterSeconds = @RetryAfterSeconds OUTPUT;

    -- A flow that just expired is no longer a live pending one.
    IF @Outcome = N'flow_expired'
        SET @Outcome = N'flow_not_found_or_invalid';

    IF @Outcome IS NULL
    BEGIN
        -- The previous active OTP is superseded: deactivated and, while pending, expired, so an
        -- older code can no longer be verified. The new one expires no later than the flow.
        UPDATE dbo.OtpRecords
        SET IsActive = 0,
            Status = CASE WHEN Status = N'pending' THEN N'expired' ELSE Status END
        WHERE FlowUniqueId = @FlowUniqueId
          AND IsActive = 1
          AND IsDeleted = 0;

        SET @OtpUniqueId = NEWID();

        INSERT INTO dbo.OtpRecords
            (FlowUniqueId, PhoneNumberId, OtpHash, OtpSalt, ExpiresAt, Status, IsActive, UniqueId)
        VALUES
            (@FlowUniqueId, @PhoneId, @OtpHash, @OtpSalt,
             CASE WHEN @ExpiresAt > @FlowExpiresAt THEN @FlowExpiresAt ELSE @ExpiresAt END,
             N'pending', 1, @OtpUniqueId);

        UPDATE dbo.VerificationFlows
        SET OtpCount = OtpCount + 1
        WHERE UniqueId = @FlowUniqueId;

        SET @Outcome = N'created';
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- UpdateOtpStatus
--   updated | invalid_status | invalid_transition | otp_not_found_or_flow_invalid
--   | max_failed_attempts_reached
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.UpdateOtpStatus;
GO

CREATE PROCEDURE dbo.UpdateOtpStatus
    @OtpUniqueId UNIQUEIDENTIFIER,
    @NewStatus NVARCHAR(50),
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255);
    DECLARE @FlowId UNIQUEIDENTIFIER;
    DECLARE @FlowStatus NVARCHAR(20);
    DECLARE @FlowExpiresAt DATETIME2(7);
    DECLARE @OtpStatus NVARCHAR(20);
    DECLARE @OtpExpiresAt DATETIME2(7);
    DECLARE @Now DATETIME2(7);
    DECLARE @Remaining INT;

    SET @Outcome = NULL;

    -- Input validation: an exact status code (binary collation, no trailing blanks).
    IF @NewStatus IS NULL
       OR LEN(@NewStatus + N'.') <> LEN(@NewStatus) + 1
       OR @NewStatus COLLATE Latin1_General_BIN2 NOT IN (N'pending', N'verified', N'expired', N'failed')
    BEGIN
        SET @Outcome = N'invalid_status';
        RETURN;
    END;

    -- The OTP's flow names the lock: read it first (an OTP never changes flow).
    SELECT @FlowId = o.FlowUniqueId
    FROM dbo.OtpRecords AS o
    WHERE o.UniqueId = @OtpUniqueId
      AND o.IsDeleted = 0;

    IF @FlowId IS NULL
    BEGIN
        SET @Outcome = N'otp_not_found_or_flow_invalid';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: flow:<id> (the OTP's flow). Guards OTP.MaxAttempts for failed checks
    -- (FailedOtpAttempts count) and the OTP's own status change.
    SET @Subject = N'flow:' + LOWER(CONVERT(NVARCHAR(36), @FlowId));
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT @FlowStatus = f.Status,
           @FlowExpiresAt = f.ExpiresAt
    FROM dbo.VerificationFlows AS f
    WHERE f.UniqueId = @FlowId
      AND f.IsDeleted = 0;

    -- The OTP again, under the flow's lock.
    SELECT @OtpStatus = o.Status,
           @OtpExpiresAt = o.ExpiresAt
    FROM dbo.OtpRecords AS o
    WHERE o.UniqueId = @OtpUniqueId
      AND o.IsDeleted = 0;

    SET @Now = SYSUTCDATETIME();
    SET @Outcome = CASE
        WHEN @FlowStatus IS NULL OR @FlowStatus <> N'pending' OR @FlowExpiresAt <= @Now OR @OtpStatus IS NULL
            THEN N'otp_not_found_or_flow_invalid'
        WHEN @OtpStatus <> N'pending'
          OR @NewStatus = N'pending'
          OR (@NewStatus = N'verified' AND @OtpExpiresAt <= @Now)
            THEN N'invalid_transition'
    END;

    IF @Outcome IS NULL AND @NewStatus = N'verified'
    BEGIN
        EXEC ecliptix_internal.verify_flow @FlowId = @FlowId, @OtpId = @OtpUniqueId;
        SET @Outcome = N'updated';
    END
    ELSE IF @Outcome IS NULL
    BEGIN
        -- An OTP reported failed (the application checked the code itself) is used up.
        UPDATE dbo.OtpRecords
        SET Status = @NewStatus,
            IsActive = 0
        WHERE UniqueId = @OtpUniqueId;

        -- OTP.MaxAttempts for failed checks (guarded by the flow's lock above).
        IF @NewStatus = N'failed'
            EXEC ecliptix_internal.record_failed_otp_check
                @FlowId = @FlowId,
                @OtpId = @OtpUniqueId,
                @RemainingAttempts = @Remaining OUTPUT;

        SET @Outcome = CASE WHEN @Remaining = 0 THEN N'max_failed_attempts_reached' ELSE N'updated' END;
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- VerifyOtp: checks the hash of a code the user entered (made by the caller with the active OTP's
-- salt from GetFullFlowState) against the active OTP's hash. A wrong code keeps the OTP pending
-- until the flow's failed checks reach OTP.MaxAttempts.
--   invalid_input | flow_not_found_or_invalid | flow_expired | otp_expired | no_active_otp
--   | verified | invalid_code | max_failed_attempts_reached
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.VerifyOtp;
GO

CREATE PROCEDURE dbo.VerifyOtp
    @FlowUniqueId UNIQUEIDENTIFIER,
    @OtpHash NVARCHAR(500),
    @OtpUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @RemainingAttempts INT = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'flow:' + LOWER(CONVERT(NVARCHAR(36), @FlowUniqueId));
    DECLARE @FlowStatus NVARCHAR(20);
    DECLARE @FlowExpiresAt DATETIME2(7);
    DECLARE @Now DATETIME2(7);
    DECLARE @OtpId UNIQUEIDENTIFIER;
    DECLARE @StoredHash NVARCHAR(255);
    DECLARE @OtpExpiresAt DATETIME2(7);

    SET @OtpUniqueId = NULL;
    SET @RemainingAttempts = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written. LEN(x + N'.') - 1 is the length with trailing blanks,
    -- checked against the stored NVARCHAR(255); the parameter is wider so nothing is truncated silently.
    IF @FlowUniqueId IS NULL
       OR @OtpHash IS NULL OR LEN(@OtpHash + N'.') = 1 OR LEN(@OtpHash + N'.') > 256
    BEGIN
        SET @Outcome = N'invalid_input';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: flow:<id>. Guards OTP.MaxAttempts for failed checks: parallel wrong guesses are counted
    -- one after another, and none is checked once the limit has failed the flow.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    -- The flow and its active pending OTP in one read (UX_OtpRecords_Active allows at most one
    -- active OTP per flow).
    SELECT TOP (1) @FlowStatus = f.Status,
           @FlowExpiresAt = f.ExpiresAt,
           @OtpId = o.UniqueId,
           @StoredHash = o.OtpHash,
           @OtpExpiresAt = o.ExpiresAt
    FROM dbo.VerificationFlows AS f
    LEFT JOIN dbo.OtpRecords AS o
      ON o.FlowUniqueId = f.UniqueId
     AND o.IsActive = 1
     AND o.Status = N'pending'
     AND o.IsDeleted = 0
    WHERE f.UniqueId = @FlowUniqueId
      AND f.IsDeleted = 0;

    -- Exact and case-sensitive: a binary comparison, and equal lengths with trailing blanks (SQL
    -- Server's = ignores them).
    SET @Now = SYSUTCDATETIME();
    SET @Outcome = CASE
        WHEN @FlowStatus IS NULL OR @FlowStatus <> N'pending' THEN N'flow_not_found_or_invalid'
        WHEN @FlowExpiresAt <= @Now THEN N'flow_expired'
        WHEN @OtpId IS NOT NULL AND @OtpExpiresAt <= @Now THEN N'otp_expired'
        WHEN @OtpId IS NULL THEN N'no_active_otp'
        WHEN @StoredHash = @OtpHash COLLATE Latin1_General_BIN2
         AND LEN(@StoredHash + N'.') = LEN(@OtpHash + N'.') THEN N'verified'
    END;

    IF @Outcome = N'flow_expired'
        EXEC ecliptix_internal.end_flow @FlowId = @FlowUniqueId, @Status = N'expired';
    ELSE IF @Outcome = N'otp_expired'
        UPDATE dbo.OtpRecords
        SET Status = N'expired',
            IsActive = 0
        WHERE UniqueId = @OtpId;
    ELSE IF @Outcome = N'verified'
    BEGIN
        EXEC ecliptix_internal.verify_flow @FlowId = @FlowUniqueId, @OtpId = @OtpId;
        SET @OtpUniqueId = @OtpId;
    END
    ELSE IF @Outcome IS NULL
    BEGIN
        EXEC ecliptix_internal.record_failed_otp_check
            @FlowId = @FlowUniqueId,
            @OtpId = @OtpId,
            @RemainingAttempts = @RemainingAttempts OUTPUT;

        SET @OtpUniqueId = @OtpId;
        SET @Outcome = CASE WHEN @RemainingAttempts = 0 THEN N'max_failed_attempts_reached' ELSE N'invalid_code' END;
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- UpdateVerificationFlowStatus
--   updated | invalid_status | invalid_transition | flow_not_found
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.UpdateVerificationFlowStatus;
GO

CREATE PROCEDURE dbo.UpdateVerificationFlowStatus
    @FlowUniqueId UNIQUEIDENTIFIER,
    @NewStatus NVARCHAR(50),
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'flow:' + LOWER(CONVERT(NVARCHAR(36), @FlowUniqueId));
    DECLARE @FlowStatus NVARCHAR(20);

    SET @Outcome = NULL;

    -- Input validation: an exact status code (binary collation, no trailing blanks). A NULL id names
    -- no flow (and no lock).
    SET @Outcome = CASE
        WHEN @NewStatus IS NULL
          OR LEN(@NewStatus + N'.') <> LEN(@NewStatus) + 1
          OR @NewStatus COLLATE Latin1_General_BIN2 NOT IN (N'pending', N'verified', N'expired', N'failed')
            THEN N'invalid_status'
        WHEN @FlowUniqueId IS NULL THEN N'flow_not_found'
    END;
    IF @Outcome IS NOT NULL
        RETURN;

    BEGIN TRANSACTION;

    -- LOCK: flow:<id>. The flow's status, and its OTPs, change only under it.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT @FlowStatus = f.Status
    FROM dbo.VerificationFlows AS f
    WHERE f.UniqueId = @FlowUniqueId
      AND f.IsDeleted = 0;

    SET @Outcome = CASE
        WHEN @FlowStatus IS NULL THEN N'flow_not_found'
        WHEN NOT ((@FlowStatus = N'pending' AND @NewStatus IN (N'verified', N'expired', N'failed'))
                  OR (@FlowStatus = N'verified' AND @NewStatus = N'expired'))
            THEN N'invalid_transition'
    END;

    -- Leaving pending for expired or failed also expires the flow's active OTP (a verified flow has
    -- none left pending).
    IF @Outcome IS NULL AND @NewStatus = N'verified'
        EXEC ecliptix_internal.verify_flow @FlowId = @FlowUniqueId, @OtpId = NULL;
    ELSE IF @Outcome IS NULL
        EXEC ecliptix_internal.end_flow @FlowId = @FlowUniqueId, @Status = @NewStatus;

    SET @Outcome = ISNULL(@Outcome, N'updated');

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- ExpireAssociatedOtp
--   expired | flow_not_found
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.ExpireAssociatedOtp;
GO

CREATE PROCEDURE dbo.ExpireAssociatedOtp
    @FlowUniqueId UNIQUEIDENTIFIER,
    @ExpiredCount INT = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'flow:' + LOWER(CONVERT(NVARCHAR(36), @FlowUniqueId));

    SET @ExpiredCount = NULL;
    SET @Outcome = NULL;

    -- A NULL id names no flow (and no lock).
    IF @FlowUniqueId IS NULL
    BEGIN
        SET @Outcome = N'flow_not_found';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: flow:<id>. The flow's OTPs change only under it, so the pending ones counted here
    -- are the ones the UPDATE below expires.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    IF EXISTS (SELECT 1 FROM dbo.VerificationFlows AS f WHERE f.UniqueId = @FlowUniqueId AND f.IsDeleted = 0)
    BEGIN
        -- Counted by a query, not @@ROWCOUNT, so the UpdatedAt trigger cannot affect it.
        SELECT @ExpiredCount = COUNT(*)
        FROM dbo.OtpRecords AS o
        WHERE o.FlowUniqueId = @FlowUniqueId
          AND o.Status = N'pending'
          AND o.IsDeleted = 0;

        UPDATE dbo.OtpRecords
        SET Status = N'expired',
            IsActive = 0
        WHERE FlowUniqueId = @FlowUniqueId
          AND Status = N'pending'
          AND IsDeleted = 0;

        SET @Outcome = N'expired';
    END
    ELSE
        SET @Outcome = N'flow_not_found';

    COMMIT TRANSACTION;
END;
GO
