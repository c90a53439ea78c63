-- EcliptixMemberships, SQL Server 2019+: membership routines and triggers (repeatable; see
-- R__configuration.sql for how repeatable migrations re-run).

SET ANSI_NULLS, QUOTED_IDENTIFIER ON;
GO

-- ---------------------------------------------------------------------------
-- UpdatedAt triggers of Memberships, MembershipAttempts
-- ---------------------------------------------------------------------------

DROP TRIGGER IF EXISTS dbo.TRG_Memberships_Update;
GO

CREATE TRIGGER dbo.TRG_Memberships_Update
ON dbo.Memberships
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.Memberships
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

DROP TRIGGER IF EXISTS dbo.TRG_MembershipAttempts_Update;
GO

CREATE TRIGGER dbo.TRG_MembershipAttempts_Update
ON dbo.MembershipAttempts
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.MembershipAttempts
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

-- ---------------------------------------------------------------------------
-- LogMembershipAttempt
--   logged | invalid_input
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.LogMembershipAttempt;
GO

CREATE PROCEDURE dbo.LogMembershipAttempt
    @PhoneNumberUniqueId UNIQUEIDENTIFIER,
    @Outcome NVARCHAR(100),
    @IsSuccess BIT,
    @Result NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255);

    SET @Result = NULL;

    -- Input validation: nothing is written. Outcome: 1 to 50 UTF-16 code units.
    IF @Outcome IS NULL
       OR LEN(@Outcome + N'.') = 1
       OR LEN(@Outcome + N'.') > 51
       OR @IsSuccess IS NULL
    BEGIN
        SET @Result = N'invalid_input';
        RETURN;
    END;

    SELECT @Subject = N'phone:' + p.PhoneNumber
    FROM dbo.PhoneNumbers AS p
    WHERE p.UniqueId = @PhoneNumberUniqueId
      AND p.IsDeleted = 0;

    IF @Subject IS NULL
    BEGIN
        SET @Result = N'invalid_input';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: phone:<number>, the lock CreateMembership holds while it counts failures
    -- (Membership.MaxFailedAttemptsPerHour), so a logged row never slips between its count and
    -- its decision.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Outcome, IsSuccess)
    VALUES (@PhoneNumberUniqueId, @Outcome, @IsSuccess);

    SET @Result = N'logged';

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- CreateMembership
--   invalid_creation_status | verification_flow_not_found | rate_limited
--   | membership_already_exists | flow_not_verified | created
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.CreateMembership;
GO

CREATE PROCEDURE dbo.CreateMembership
    @FlowUniqueId UNIQUEIDENTIFIER,
    @ConnectionId BIGINT,
    @OtpUniqueId UNIQUEIDENTIFIER,
    @CreationStatus NVARCHAR(50),
    @MembershipUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @Status NVARCHAR(50) = NULL OUTPUT,
    @RetryAfterSeconds INT = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @PhoneNumber NVARCHAR(18);
    DECLARE @PhoneUniqueId UNIQUEIDENTIFIER;
    DECLARE @FlowStatus NVARCHAR(20);
    DECLARE @FlowConnectionId BIGINT;
    DECLARE @FlowDeviceId UNIQUEIDENTIFIER;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @Now DATETIME2(7);
    DECLARE @WindowStart DATETIME2(7);
    DECLARE @LastSuccessAt DATETIME2(7);
    DECLARE @CountFrom DATETIME2(7);
    DECLARE @MaxFailed INT;
    DECLARE @FailedCount INT;
    DECLARE @OldestFailureAt DATETIME2(7);
    DECLARE @ExistingId UNIQUEIDENTIFIER;
    DECLARE @ExistingStatus NVARCHAR(20);
    DECLARE @OtpVerified BIT;

    SET @MembershipUniqueId = NULL;
    SET @Status = NULL;
    SET @RetryAfterSeconds = NULL;
    SET @Outcome = NULL;

    -- Input validation: only otp_verified, exactly (binary collation, no trailing blanks).
    IF @CreationStatus IS NULL
       OR LEN(@CreationStatus + N'.') <> LEN(@CreationStatus) + 1
       OR @CreationStatus COLLATE Latin1_General_BIN2 <> N'otp_verified'
    BEGIN
        SET @Outcome = N'invalid_creation_status';
        RETURN;
    END;

    -- A live, unexpired registration flow that is pending or verified; otherwise nothing is
    -- logged. Read first without a lock, to learn the phone number the lock is named after.
    SELECT @PhoneNumber = p.PhoneNumber
    FROM dbo.VerificationFlows AS f
    INNER JOIN dbo.PhoneNumbers AS p
        ON p.Id = f.PhoneNumberId
       AND p.IsDeleted = 0
    WHERE f.UniqueId = @FlowUniqueId
      AND f.IsDeleted = 0
      AND f.Purpose = N'registration'
      AND f.Status IN (N'pending', N'verified')
      AND f.ExpiresAt > SYSUTCDATETIME();

    IF @PhoneNumber IS NULL
    BEGIN
        SET @Outcome = N'verification_flow_not_found';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: phone:<number>. Guards Membership.MaxFailedAttemptsPerHour and the
    -- one-live-membership-per-phone rule.
    SET @Subject = N'phone:' + @PhoneNumber;
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SET @Now = SYSUTCDATETIME();

    -- The flow again, as it is now that the lock is held.
    SELECT @FlowStatus = f.Status,
           @FlowConnectionId = f.ConnectionId,
           @FlowDeviceId = f.AppDeviceId,
           @PhoneUniqueId = p.UniqueId
    FROM dbo.VerificationFlows AS f
    INNER JOIN dbo.PhoneNumbers AS p
        ON p.Id = f.PhoneNumberId
       AND p.IsDeleted = 0
    WHERE f.UniqueId = @FlowUniqueId
      AND f.IsDeleted = 0
      AND f.Purpose = N'registration'
      AND f.Status IN (N'pending', N'verified')
      AND f.ExpiresAt > @Now;

    IF @PhoneUniqueId IS NULL
    BEGIN
        SET @Outcome = N'verification_flow_not_found';
        COMMIT TRANSACTION;
        RETURN;
    END;

    -- Membership.MaxFailedAttemptsPerHour (guarded by the lock above). Failures count only
    -- after the phone's latest success within the trailing hour.
    SET @MaxFailed = ecliptix_internal.config_int(N'Membership.MaxFailedAttemptsPerHour');

    SET @WindowStart = DATEADD(HOUR, -1, @Now);

    SELECT @LastSuccessAt = MAX(a.CreatedAt)
    FROM dbo.MembershipAttempts AS a
    WHERE a.PhoneNumberId = @PhoneUniqueId
      AND a.CreatedAt > @WindowStart
      AND a.IsSuccess = 1
      AND a.IsDeleted = 0;

    SET @CountFrom = @WindowStart;
    IF @LastSuccessAt > @CountFrom
        SET @CountFrom = @LastSuccessAt;

    -- Only whether the limit is reached matters, and the oldest counted failure: the oldest
    -- @MaxFailed rows are read, however many there are.
    SELECT @FailedCount = COUNT(*),
           @OldestFailureAt = MIN(counted.CreatedAt)
    FROM (SELECT TOP (@MaxFailed) a.CreatedAt
          FROM dbo.MembershipAttempts AS a
          WHERE a.PhoneNumberId = @PhoneUniqueId
            AND a.CreatedAt > @CountFrom
            AND a.IsSuccess = 0
            AND a.Outcome <> N'rate_limited'
            AND a.IsDeleted = 0
          ORDER BY a.CreatedAt) AS counted;

    -- The phone's live membership, and whether the OTP is the flow's verified one.
    SELECT TOP (1) @ExistingId = m.UniqueId,
                   @ExistingStatus = m.Status
    FROM dbo.Memberships AS m
    WHERE m.PhoneNumberId = @PhoneUniqueId
      AND m.IsDeleted = 0;

    SET @OtpVerified = CASE WHEN EXISTS (SELECT 1
                                         FROM dbo.OtpRecords AS o
                                         WHERE o.UniqueId = @OtpUniqueId
                                           AND o.FlowUniqueId = @FlowUniqueId
                                           AND o.Status = N'verified'
                                           AND o.IsDeleted = 0)
                            THEN 1 ELSE 0 END;

    -- The connection matches when it equals the flow's, NULL included (a flow started without one).
    SET @Outcome = CASE
        WHEN @FailedCount >= @MaxFailed THEN N'rate_limited'
        WHEN (@FlowConnectionId IS NULL AND @ConnectionId IS NOT NULL)
          OR (@FlowConnectionId IS NOT NULL AND @ConnectionId IS NULL)
          OR @FlowConnectionId <> @ConnectionId THEN N'verification_flow_not_found'
        WHEN @ExistingId IS NOT NULL THEN N'membership_already_exists'
        WHEN @FlowStatus <> N'verified' OR @OtpVerified = 0 THEN N'flow_not_verified'
    END;

    IF @Outcome = N'rate_limited'
    BEGIN
        -- Retry when the oldest counted failure leaves the hour.
        INSERT INTO dbo.EventLog (EventType, Message)
        VALUES (N'rate_limited',
                CONCAT(N'Membership creation refused for phone ', @PhoneNumber, N': ',
                       @FailedCount, N' failed attempts in the last hour, limit ', @MaxFailed, N'.'));

        SET @RetryAfterSeconds = CAST(CEILING(
            DATEDIFF_BIG(MICROSECOND, @Now, DATEADD(HOUR, 1, @OldestFailureAt)) / 1000000.0) AS INT);
        IF @RetryAfterSeconds < 1
            SET @RetryAfterSeconds = 1;
    END
    ELSE IF @Outcome = N'membership_already_exists'
    BEGIN
        SET @MembershipUniqueId = @ExistingId;
        SET @Status = @ExistingStatus;
    END
    ELSE IF @Outcome IS NULL
    BEGIN
        SET @MembershipUniqueId = NEWID();

        INSERT INTO dbo.Memberships
            (PhoneNumberId, AppDeviceId, VerificationFlowId, Status, CreationStatus, UniqueId)
        VALUES
            (@PhoneUniqueId, @FlowDeviceId, @FlowUniqueId, N'inactive', N'otp_verified', @MembershipUniqueId);

        SET @Status = N'inactive';
        SET @Outcome = N'created';
    END;

    -- Logged: created as the success, the refusals as failures, rate_limited (which does not count
    -- as a failure); an existing membership is returned, not logged.
    IF @Outcome <> N'membership_already_exists'
        INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Outcome, IsSuccess)
        VALUES (@PhoneUniqueId, @Outcome, CASE WHEN @Outcome = N'created' THEN 1 ELSE 0 END);

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- UpdateMembershipSecureKey
--   updated | membership_not_found | membership_blocked | invalid_secure_key
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.UpdateMembershipSecureKey;
GO

CREATE PROCEDURE dbo.UpdateMembershipSecureKey
    @MembershipUniqueId UNIQUEIDENTIFIER,
    @SecureKey VARBINARY(MAX),
    @Status NVARCHAR(50) = NULL OUTPUT,
    @CreationStatus NVARCHAR(50) = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @MembershipUniqueId));
    DECLARE @CurrentStatus NVARCHAR(20);
    DECLARE @CurrentCreationStatus NVARCHAR(20);
    DECLARE @HadKey BIT;

    SET @Status = NULL;
    SET @CreationStatus = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written. A NULL id names no membership (and no lock).
    SET @Outcome = CASE
        WHEN @SecureKey IS NULL OR DATALENGTH(@SecureKey) = 0 THEN N'invalid_secure_key'
        WHEN @MembershipUniqueId IS NULL THEN N'membership_not_found'
    END;
    IF @Outcome IS NOT NULL
        RETURN;

    BEGIN TRANSACTION;

    -- LOCK: membership:<id>. A concurrent block is never overwritten, and the sessions a replaced
    -- key ends are the ones that exist when it is replaced.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT @CurrentStatus = m.Status,
           @CurrentCreationStatus = m.CreationStatus,
           @HadKey = CASE WHEN m.SecureKey IS NULL THEN 0 ELSE 1 END
    FROM dbo.Memberships AS m
    WHERE m.UniqueId = @MembershipUniqueId
      AND m.IsDeleted = 0;

    IF @CurrentStatus IS NULL
        SET @Outcome = N'membership_not_found';
    ELSE
    BEGIN
        -- Operators block outside every routine's lock, so the UPDATE skips a blocked row itself.
        UPDATE dbo.Memberships
        SET SecureKey = @SecureKey,
            Status = N'active',
            CreationStatus = N'secure_key_set'
        WHERE UniqueId = @MembershipUniqueId
          AND IsDeleted = 0
          AND Status <> N'blocked';

        IF @@ROWCOUNT = 0
        BEGIN
            SET @Status = N'blocked';
            SET @CreationStatus = @CurrentCreationStatus;
            SET @Outcome = N'membership_blocked';
        END
        ELSE
        BEGIN
            -- A replaced key (recovery) ends every active session of the membership.
            IF @HadKey = 1
                EXEC ecliptix_internal.end_membership_contexts
                    @MembershipId = @MembershipUniqueId,
                    @EndReason = N'revoked',
                    @Why = N'secure key replaced';

            SET @Status = N'active';
            SET @CreationStatus = N'secure_key_set';
            SET @Outcome = N'updated';
        END;
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- VerifyPhoneForSecretKeyRecovery
--   invalid_phone_number | phone_not_found | membership_not_found | membership_blocked
--   | no_secure_key | eligible_for_recovery
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.VerifyPhoneForSecretKeyRecovery;
GO

CREATE PROCEDURE dbo.VerifyPhoneForSecretKeyRecovery
    @PhoneNumber NVARCHAR(100),
    @PhoneNumberUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @MembershipStatus NVARCHAR(20);
    DECLARE @HasSecureKey BIT;

    SET @PhoneNumberUniqueId = NULL;
    SET @Outcome = NULL;

    -- Input validation.
    IF ecliptix_internal.is_e164_phone_number(@PhoneNumber) = 0
    BEGIN
        SET @Outcome = N'invalid_phone_number';
        RETURN;
    END;

    -- Reads only, in one statement: the phone (its UniqueId is returned once it is found, whatever
    -- follows) and its live membership.
    SELECT TOP (1) @PhoneNumberUniqueId = p.UniqueId,
                   @MembershipStatus = m.Status,
                   @HasSecureKey = CASE WHEN m.SecureKey IS NULL OR DATALENGTH(m.SecureKey) = 0 THEN 0 ELSE 1 END
    FROM dbo.PhoneNumbers AS p
    LEFT JOIN dbo.Memberships AS m
      ON m.PhoneNumberId = p.UniqueId
     AND m.IsDeleted = 0
    WHERE p.PhoneNumber = @PhoneNumber
      AND p.IsDeleted = 0;

    SET @Outcome = CASE
        WHEN @PhoneNumberUniqueId IS NULL THEN N'phone_not_found'
        WHEN @MembershipStatus IS NULL THEN N'membership_not_found'
        WHEN @MembershipStatus = N'blocked' THEN N'membership_blocked'
        WHEN @HasSecureKey = 0 THEN N'no_secure_key'
        ELSE N'eligible_for_recovery'
    END;
END;
GO
