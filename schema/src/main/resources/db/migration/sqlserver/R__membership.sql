-- EcliptixMemberships, SQL Server 2019+: membership routines and triggers (repeatable; see
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

    -- Its own UPDATE below must not fire it again (RECURSIVE_TRIGGERS may be ON). These UpdatedAt
    -- triggers are the schema's only triggers, so any nesting is that recursion.
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

    -- Its own UPDATE below must not fire it again (RECURSIVE_TRIGGERS may be ON). These UpdatedAt
    -- triggers are the schema's only triggers, so any nesting is that recursion.
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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @PhoneNumber NVARCHAR(18);
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

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        SELECT @PhoneNumber = p.PhoneNumber
        FROM dbo.PhoneNumbers AS p
        WHERE p.UniqueId = @PhoneNumberUniqueId
          AND p.IsDeleted = 0;

        IF @PhoneNumber IS NULL
        BEGIN
            SET @Result = N'invalid_input';
            GOTO Finish;
        END;

        -- LOCK: phone:<number>, the lock CreateMembership holds while it counts failures
        -- (Membership.MaxFailedAttemptsPerHour), so a logged row never slips between its count and
        -- its decision.
        SET @Subject = N'phone:' + @PhoneNumber;
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Outcome, IsSuccess)
        VALUES (@PhoneNumberUniqueId, @Outcome, @IsSuccess);

        SET @Result = N'logged';

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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
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
    DECLARE @NewId UNIQUEIDENTIFIER;

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

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
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
            GOTO Finish;
        END;

        -- LOCK: phone:<number>. Guards Membership.MaxFailedAttemptsPerHour and the
        -- one-live-membership-per-phone rule.
        SET @Subject = N'phone:' + @PhoneNumber;
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

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
            GOTO Finish;
        END;

        -- Membership.MaxFailedAttemptsPerHour (guarded by the lock above). Failures count only
        -- after the phone's latest success within the trailing hour.
        SET @MaxFailed = ecliptix_internal.ConfigInt(N'Membership.MaxFailedAttemptsPerHour');

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

        IF @FailedCount >= @MaxFailed
        BEGIN
            -- Logged but not counted; retry when the oldest counted failure leaves the hour.
            INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Outcome, IsSuccess)
            VALUES (@PhoneUniqueId, N'rate_limited', 0);

            INSERT INTO dbo.EventLog (EventType, Message)
            VALUES (N'rate_limited',
                    CONCAT(N'Membership creation refused for phone ', @PhoneNumber, N': ',
                           @FailedCount, N' failed attempts in the last hour, limit ', @MaxFailed, N'.'));

            SET @RetryAfterSeconds = CAST(CEILING(
                DATEDIFF_BIG(MICROSECOND, @Now, DATEADD(HOUR, 1, @OldestFailureAt)) / 1000000.0) AS INT);
            IF @RetryAfterSeconds < 1
                SET @RetryAfterSeconds = 1;

            SET @Outcome = N'rate_limited';
            GOTO Finish;
        END;

        -- The flow belongs to another connection: logged as a failure.
        IF (@FlowConnectionId IS NULL AND @ConnectionId IS NOT NULL)
           OR (@FlowConnectionId IS NOT NULL AND @ConnectionId IS NULL)
           OR @FlowConnectionId <> @ConnectionId
        BEGIN
            INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Outcome, IsSuccess)
            VALUES (@PhoneUniqueId, N'verification_flow_not_found', 0);

            SET @Outcome = N'verification_flow_not_found';
            GOTO Finish;
        END;

        -- The phone's live membership is returned (not logged).
        SELECT TOP (1) @ExistingId = m.UniqueId,
                       @ExistingStatus = m.Status
        FROM dbo.Memberships AS m
        WHERE m.PhoneNumberId = @PhoneUniqueId
          AND m.IsDeleted = 0;

        IF @ExistingId IS NOT NULL
        BEGIN
            SET @MembershipUniqueId = @ExistingId;
            SET @Status = @ExistingStatus;
            SET @Outcome = N'membership_already_exists';
            GOTO Finish;
        END;

        -- The flow must be verified and the OTP must be its verified OTP: else logged as a failure.
        IF @FlowStatus <> N'verified'
           OR NOT EXISTS (
               SELECT 1
               FROM dbo.OtpRecords AS o
               WHERE o.UniqueId = @OtpUniqueId
                 AND o.FlowUniqueId = @FlowUniqueId
                 AND o.Status = N'verified'
                 AND o.IsDeleted = 0
           )
        BEGIN
            INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Outcome, IsSuccess)
            VALUES (@PhoneUniqueId, N'flow_not_verified', 0);

            SET @Outcome = N'flow_not_verified';
            GOTO Finish;
        END;

        SET @NewId = NEWID();

        INSERT INTO dbo.Memberships
            (PhoneNumberId, AppDeviceId, VerificationFlowId, Status, CreationStatus, UniqueId)
        VALUES
            (@PhoneUniqueId, @FlowDeviceId, @FlowUniqueId, N'inactive', N'otp_verified', @NewId);

        INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Outcome, IsSuccess)
        VALUES (@PhoneUniqueId, N'created', 1);

        SET @MembershipUniqueId = @NewId;
        SET @Status = N'inactive';
        SET @Outcome = N'created';

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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @CurrentStatus NVARCHAR(20);
    DECLARE @CurrentCreationStatus NVARCHAR(20);
    DECLARE @HadKey BIT;

    SET @Status = NULL;
    SET @CreationStatus = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written.
    IF @SecureKey IS NULL OR DATALENGTH(@SecureKey) = 0
    BEGIN
        SET @Outcome = N'invalid_secure_key';
        RETURN;
    END;

    -- A NULL id names no membership (and no lock).
    IF @MembershipUniqueId IS NULL
    BEGIN
        SET @Outcome = N'membership_not_found';
        RETURN;
    END;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: membership:<id>. A concurrent block is never overwritten, and the sessions a replaced
        -- key ends are the ones that exist when it is replaced.
        SET @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @MembershipUniqueId));
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        SELECT @CurrentStatus = m.Status,
               @CurrentCreationStatus = m.CreationStatus,
               @HadKey = CASE WHEN m.SecureKey IS NULL THEN 0 ELSE 1 END
        FROM dbo.Memberships AS m
        WHERE m.UniqueId = @MembershipUniqueId
          AND m.IsDeleted = 0;

        IF @CurrentStatus IS NULL
        BEGIN
            SET @Outcome = N'membership_not_found';
            GOTO Finish;
        END;

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
            GOTO Finish;
        END;

        -- A replaced key (recovery) ends every active session of the membership.
        IF @HadKey = 1
            EXEC ecliptix_internal.EndMembershipContexts
                @MembershipUniqueId = @MembershipUniqueId,
                @EndReason = N'revoked',
                @Why = N'secure key replaced';

        SET @Status = N'active';
        SET @CreationStatus = N'secure_key_set';
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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @PhoneId UNIQUEIDENTIFIER;
    DECLARE @MembershipStatus NVARCHAR(20);
    DECLARE @HasSecureKey BIT;

    SET @PhoneNumberUniqueId = NULL;
    SET @Outcome = NULL;

    -- Input validation.
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

        SELECT @PhoneId = p.UniqueId
        FROM dbo.PhoneNumbers AS p
        WHERE p.PhoneNumber = @PhoneNumber
          AND p.IsDeleted = 0;

        IF @PhoneId IS NULL
        BEGIN
            SET @Outcome = N'phone_not_found';
            GOTO Finish;
        END;

        -- The phone's UniqueId is returned once the phone is found, whatever follows.
        SET @PhoneNumberUniqueId = @PhoneId;

        SELECT TOP (1) @MembershipStatus = m.Status,
                       @HasSecureKey = CASE WHEN m.SecureKey IS NULL OR DATALENGTH(m.SecureKey) = 0
                                            THEN 0 ELSE 1 END
        FROM dbo.Memberships AS m
        WHERE m.PhoneNumberId = @PhoneId
          AND m.IsDeleted = 0;

        IF @MembershipStatus IS NULL
        BEGIN
            SET @Outcome = N'membership_not_found';
        END
        ELSE IF @MembershipStatus = N'blocked'
        BEGIN
            SET @Outcome = N'membership_blocked';
        END
        ELSE IF @HasSecureKey = 0
        BEGIN
            SET @Outcome = N'no_secure_key';
        END
        ELSE
        BEGIN
            SET @Outcome = N'eligible_for_recovery';
        END;

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
