-- EcliptixMemberships, SQL Server 2019+: memberships and membership attempts.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- ---------------------------------------------------------------------------
-- Memberships
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.Memberships
(
    Id                 BIGINT IDENTITY(1,1) NOT NULL,
    PhoneNumberId      UNIQUEIDENTIFIER     NOT NULL,
    AppDeviceId        UNIQUEIDENTIFIER     NOT NULL,
    VerificationFlowId UNIQUEIDENTIFIER     NOT NULL,
    SecureKey          VARBINARY(MAX)       NULL,
    Status             NVARCHAR(20) COLLATE Latin1_General_BIN2 NOT NULL
                       CONSTRAINT DF_Memberships_Status DEFAULT (N'inactive'),
    CreationStatus     NVARCHAR(20) COLLATE Latin1_General_BIN2 NOT NULL
                       CONSTRAINT DF_Memberships_CreationStatus DEFAULT (N'otp_verified'),
    IsDeleted          BIT                  NOT NULL CONSTRAINT DF_Memberships_IsDeleted DEFAULT (0),
    UniqueId           UNIQUEIDENTIFIER     NOT NULL CONSTRAINT DF_Memberships_UniqueId DEFAULT (NEWID()),
    CreatedAt          DATETIME2(7)         NOT NULL CONSTRAINT DF_Memberships_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt          DATETIME2(7)         NOT NULL CONSTRAINT DF_Memberships_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_Memberships PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT UQ_Memberships_UniqueId UNIQUE NONCLUSTERED (UniqueId),
    CONSTRAINT FK_Memberships_PhoneNumberId FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (UniqueId),
    CONSTRAINT FK_Memberships_AppDeviceId FOREIGN KEY (AppDeviceId)
        REFERENCES dbo.AppDevices (UniqueId),
    CONSTRAINT FK_Memberships_VerificationFlowId FOREIGN KEY (VerificationFlowId)
        REFERENCES dbo.VerificationFlows (UniqueId),
    CONSTRAINT CK_Memberships_Status
        CHECK (Status IN (N'active', N'inactive', N'blocked')),
    CONSTRAINT CK_Memberships_CreationStatus
        CHECK (CreationStatus IN (N'otp_verified', N'secure_key_set', N'passphrase_set'))
);

CREATE NONCLUSTERED INDEX IX_Memberships_PhoneNumberId
    ON dbo.Memberships (PhoneNumberId);

CREATE NONCLUSTERED INDEX IX_Memberships_AppDeviceId
    ON dbo.Memberships (AppDeviceId);

CREATE NONCLUSTERED INDEX IX_Memberships_VerificationFlowId
    ON dbo.Memberships (VerificationFlowId);

-- One live membership per phone (also the phone's membership lookup).
CREATE UNIQUE NONCLUSTERED INDEX UX_Memberships_Live
    ON dbo.Memberships (PhoneNumberId)
    WHERE IsDeleted = 0;
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

    UPDATE t
    SET UpdatedAt = SYSUTCDATETIME()
    FROM dbo.Memberships AS t
    INNER JOIN inserted AS i
        ON i.Id = t.Id;
END;
GO

-- ---------------------------------------------------------------------------
-- MembershipAttempts
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.MembershipAttempts
(
    Id            BIGINT IDENTITY(1,1) NOT NULL,
    PhoneNumberId UNIQUEIDENTIFIER     NOT NULL,
    Outcome       NVARCHAR(50) COLLATE Latin1_General_BIN2 NOT NULL,
    IsSuccess     BIT                  NOT NULL,
    IsDeleted     BIT                  NOT NULL CONSTRAINT DF_MembershipAttempts_IsDeleted DEFAULT (0),
    CreatedAt     DATETIME2(7)         NOT NULL CONSTRAINT DF_MembershipAttempts_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt     DATETIME2(7)         NOT NULL CONSTRAINT DF_MembershipAttempts_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_MembershipAttempts PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT FK_MembershipAttempts_PhoneNumberId FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (UniqueId)
);

-- Failed membership creations per phone per hour, and the latest success; also the FK.
CREATE NONCLUSTERED INDEX IX_MembershipAttempts_PhoneNumberId_CreatedAt
    ON dbo.MembershipAttempts (PhoneNumberId, CreatedAt);
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

    UPDATE t
    SET UpdatedAt = SYSUTCDATETIME()
    FROM dbo.MembershipAttempts AS t
    INNER JOIN inserted AS i
        ON i.Id = t.Id;
END;
GO

-- ---------------------------------------------------------------------------
-- LogMembershipAttempt
--   logged | invalid_input
-- ---------------------------------------------------------------------------

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
    DECLARE @LockResource NVARCHAR(255);
    DECLARE @LockResult INT;

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

        -- LOCK: the phone number string, the same application lock CreateMembership holds while it
        -- counts failures (Membership.MaxFailedAttemptsPerHour), so a logged row never slips between
        -- its count and its decision.
        SET @LockResource = N'EcliptixMemberships.Membership:' + @PhoneNumber;

        EXEC @LockResult = sys.sp_getapplock
            @Resource = @LockResource,
            @LockMode = 'Exclusive',
            @LockOwner = 'Transaction';

        IF @LockResult < 0
        BEGIN
            THROW 50001, N'LogMembershipAttempt: the membership lock of the phone number was not granted.', 1;
        END;

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
    DECLARE @LockResource NVARCHAR(255);
    DECLARE @LockResult INT;
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

        -- LOCK: the phone number string (application lock, Exclusive, owned by the transaction).
        -- Guards Membership.MaxFailedAttemptsPerHour and the one-live-membership-per-phone rule.
        SET @LockResource = N'EcliptixMemberships.Membership:' + @PhoneNumber;

        EXEC @LockResult = sys.sp_getapplock
            @Resource = @LockResource,
            @LockMode = 'Exclusive',
            @LockOwner = 'Transaction';

        IF @LockResult < 0
        BEGIN
            THROW 50001, N'CreateMembership: the membership lock of the phone number was not granted.', 1;
        END;

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
        SET @MaxFailed = TRY_CAST(dbo.GetConfigValue(N'Membership.MaxFailedAttemptsPerHour') AS INT);
        IF @MaxFailed IS NULL OR @MaxFailed <= 0
            SET @MaxFailed = 5;

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

        SELECT @FailedCount = COUNT(*),
               @OldestFailureAt = MIN(a.CreatedAt)
        FROM dbo.MembershipAttempts AS a
        WHERE a.PhoneNumberId = @PhoneUniqueId
          AND a.CreatedAt > @CountFrom
          AND a.IsSuccess = 0
          AND a.Outcome <> N'rate_limited'
          AND a.IsDeleted = 0;

        IF @FailedCount >= @MaxFailed
        BEGIN
            -- Logged but not counted; retry when the oldest counted failure leaves the hour.
            INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Outcome, IsSuccess)
            VALUES (@PhoneUniqueId, N'rate_limited', 0);

            INSERT INTO dbo.EventLog (EventType, Message)
            VALUES (N'membership_rate_limited',
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
    DECLARE @CurrentStatus NVARCHAR(20);
    DECLARE @CurrentCreationStatus NVARCHAR(20);

    SET @Status = NULL;
    SET @CreationStatus = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written.
    IF @SecureKey IS NULL OR DATALENGTH(@SecureKey) = 0
    BEGIN
        SET @Outcome = N'invalid_secure_key';
        RETURN;
    END;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: the membership's row (UPDLOCK, HOLDLOCK, ROWLOCK), so a concurrent block is never
        -- overwritten.
        SELECT @CurrentStatus = m.Status,
               @CurrentCreationStatus = m.CreationStatus
        FROM dbo.Memberships AS m WITH (UPDLOCK, HOLDLOCK, ROWLOCK)
        WHERE m.UniqueId = @MembershipUniqueId
          AND m.IsDeleted = 0;

        IF @CurrentStatus IS NULL
        BEGIN
            SET @Outcome = N'membership_not_found';
            GOTO Finish;
        END;

        IF @CurrentStatus = N'blocked'
        BEGIN
            SET @Status = @CurrentStatus;
            SET @CreationStatus = @CurrentCreationStatus;
            SET @Outcome = N'membership_blocked';
            GOTO Finish;
        END;

        UPDATE m
        SET SecureKey = @SecureKey,
            Status = N'active',
            CreationStatus = N'secure_key_set'
        FROM dbo.Memberships AS m
        WHERE m.UniqueId = @MembershipUniqueId;

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
