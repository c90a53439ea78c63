-- EcliptixMemberships, SQL Server 2019+: core routines and triggers (repeatable; see
-- R__configuration.sql for how repeatable migrations re-run).

SET ANSI_NULLS, QUOTED_IDENTIFIER ON;
GO

-- ---------------------------------------------------------------------------
-- Helpers (outside dbo)
-- ---------------------------------------------------------------------------

-- The one lock mechanism of every rule: a transaction-owned, exclusive application lock on a named
-- subject ('phone:+14155550100', 'device:<uuid>', 'flow:<uuid>', 'membership:<uuid>',
-- 'config:<key>'; uuids in lower case), released at commit or rollback. Taken before the reads it
-- guards, always in the order phone -> flow -> membership, so that no two routines deadlock.
-- The wait is bounded: a lock not granted within Locking.LockTimeoutMilliseconds ends the call with
-- error 51001 and a message naming only the subject's kind (never a phone number); under the caller's
-- XACT_ABORT the error rolls the call back, so it writes nothing. A free lock is taken at once, without
-- reading the configuration. Any other refusal (deadlock victim, cancel) is error 50001.
DROP PROCEDURE IF EXISTS ecliptix_internal.LockSubject;
DROP PROCEDURE IF EXISTS ecliptix_internal.lock_subject;
GO

CREATE PROCEDURE ecliptix_internal.lock_subject
    @Subject NVARCHAR(255)
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @Result INT;
    DECLARE @Timeout INT;
    DECLARE @Message NVARCHAR(400);

    IF @Subject IS NULL OR @@TRANCOUNT = 0
    BEGIN
        THROW 50001, N'lock_subject needs a subject and the caller''s transaction.', 1;
    END;

    EXEC @Result = sys.sp_getapplock
        @Resource = @Subject,
        @LockMode = 'Exclusive',
        @LockOwner = 'Transaction',
        @LockTimeout = 0;

    IF @Result < 0
    BEGIN
        SET @Timeout = ecliptix_internal.config_int(N'Locking.LockTimeoutMilliseconds');
        EXEC @Result = sys.sp_getapplock
            @Resource = @Subject,
            @LockMode = 'Exclusive',
            @LockOwner = 'Transaction',
            @LockTimeout = @Timeout;
    END;

    IF @Result = -1
    BEGIN
        SET @Message = CONCAT(N'Lock wait timed out: the ', LEFT(@Subject, CHARINDEX(N':', @Subject + N':') - 1),
                              N' lock was not granted within ', @Timeout, N' ms; nothing was written.');
        THROW 51001, @Message, 1;
    END;

    IF @Result < 0
    BEGIN
        SET @Message = CONCAT(N'The ', LEFT(@Subject, CHARINDEX(N':', @Subject + N':') - 1),
                              N' lock was not granted (sp_getapplock ', @Result, N').');
        THROW 50001, @Message, 1;
    END;
END;
GO

-- E.164 (^\+[1-9][0-9]{6,14}$) without regex: 8 to 16 characters, no trailing blanks (LEN
-- ignores them, so LEN(x + N'.') - 1 is the true length), '+', a digit 1-9, then digits only. The
-- binary collation keeps the ranges to ASCII digits (no full-width or other look-alikes). NULL is
-- not a phone number. Every routine that takes a phone number checks it here.
DROP FUNCTION IF EXISTS ecliptix_internal.IsE164PhoneNumber;
DROP FUNCTION IF EXISTS ecliptix_internal.is_e164_phone_number;
GO

CREATE FUNCTION ecliptix_internal.is_e164_phone_number(
    @PhoneNumber NVARCHAR(100)
)
RETURNS BIT
AS
BEGIN
    RETURN CASE
        WHEN @PhoneNumber IS NULL
          OR LEN(@PhoneNumber) NOT BETWEEN 8 AND 16
          OR LEN(@PhoneNumber + N'.') <> LEN(@PhoneNumber) + 1
          OR SUBSTRING(@PhoneNumber, 1, 1) COLLATE Latin1_General_BIN2 <> N'+'
          OR SUBSTRING(@PhoneNumber, 2, 1) COLLATE Latin1_General_BIN2 NOT LIKE N'[1-9]'
          OR SUBSTRING(@PhoneNumber, 2, 100) COLLATE Latin1_General_BIN2 LIKE N'%[^0-9]%'
            THEN 0
        ELSE 1
    END;
END;
GO

-- ---------------------------------------------------------------------------
-- UpdatedAt triggers of AppDevices, PhoneNumbers, PhoneNumberDevices
-- ---------------------------------------------------------------------------

DROP TRIGGER IF EXISTS dbo.TRG_AppDevices_Update;
GO

CREATE TRIGGER dbo.TRG_AppDevices_Update
ON dbo.AppDevices
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.AppDevices
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

DROP TRIGGER IF EXISTS dbo.TRG_PhoneNumbers_Update;
GO

CREATE TRIGGER dbo.TRG_PhoneNumbers_Update
ON dbo.PhoneNumbers
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.PhoneNumbers
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;
GO

DROP TRIGGER IF EXISTS dbo.TRG_PhoneNumberDevices_Update;
GO

CREATE TRIGGER dbo.TRG_PhoneNumberDevices_Update
ON dbo.PhoneNumberDevices
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.PhoneNumberDevices
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE EXISTS (
        SELECT 1
        FROM inserted AS i
        WHERE i.PhoneNumberId = PhoneNumberDevices.PhoneNumberId
          AND i.AppDeviceId = PhoneNumberDevices.AppDeviceId
    );
END;
GO

-- ---------------------------------------------------------------------------
-- GetPhoneNumber: the live phone row, or no row.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS dbo.GetPhoneNumber;
GO

CREATE FUNCTION dbo.GetPhoneNumber(
    @PhoneNumberUniqueId UNIQUEIDENTIFIER
)
RETURNS TABLE
AS
RETURN
(
    SELECT TOP (1)
        p.PhoneNumber,
        p.Region,
        p.UniqueId
    FROM dbo.PhoneNumbers AS p
    WHERE p.UniqueId = @PhoneNumberUniqueId
      AND p.IsDeleted = 0
);
GO

-- ---------------------------------------------------------------------------
-- RegisterAppDeviceIfNotExists
--   created | exists | invalid_input
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.RegisterAppDeviceIfNotExists;
GO

CREATE PROCEDURE dbo.RegisterAppDeviceIfNotExists
    @AppInstanceId UNIQUEIDENTIFIER,
    @DeviceId UNIQUEIDENTIFIER,
    @DeviceType INT,
    @DeviceUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'device:' + LOWER(CONVERT(NVARCHAR(36), @DeviceId));

    SET @DeviceUniqueId = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written.
    IF @AppInstanceId IS NULL OR @DeviceId IS NULL
    BEGIN
        SET @Outcome = N'invalid_input';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: device:<DeviceId>. Guards the idempotent create: concurrent first registrations of one
    -- DeviceId create one row, and the others read it.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT TOP (1) @DeviceUniqueId = d.UniqueId
    FROM dbo.AppDevices AS d
    WHERE d.DeviceId = @DeviceId
      AND d.IsDeleted = 0;

    IF @DeviceUniqueId IS NOT NULL
    BEGIN
        -- The stored row is returned as it is (AppInstanceId and DeviceType not updated).
        SET @Outcome = N'exists';
    END
    ELSE
    BEGIN
        SET @DeviceUniqueId = NEWID();

        INSERT INTO dbo.AppDevices (AppInstanceId, DeviceId, DeviceType, UniqueId)
        VALUES (@AppInstanceId, @DeviceId, COALESCE(@DeviceType, 1), @DeviceUniqueId);

        SET @Outcome = N'created';
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- EnsurePhoneNumber
--   created | created_and_associated | associated | exists
--   | invalid_phone_number | invalid_region | invalid_app_device
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.EnsurePhoneNumber;
GO

CREATE PROCEDURE dbo.EnsurePhoneNumber
    @PhoneNumber NVARCHAR(100),
    @Region NVARCHAR(10),
    @AppDeviceId UNIQUEIDENTIFIER,
    @PhoneNumberUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'phone:' + @PhoneNumber;
    DECLARE @AssociationIsDeleted BIT;

    SET @PhoneNumberUniqueId = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written on these outcomes. Region: NULL, or exactly two letters A-Z.
    SET @Outcome = CASE
        WHEN ecliptix_internal.is_e164_phone_number(@PhoneNumber) = 0 THEN N'invalid_phone_number'
        WHEN @Region IS NOT NULL
             AND (LEN(@Region + N'.') <> 3 OR @Region COLLATE Latin1_General_BIN2 NOT LIKE N'[A-Z][A-Z]')
            THEN N'invalid_region'
        WHEN @AppDeviceId IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM dbo.AppDevices AS d WHERE d.UniqueId = @AppDeviceId AND d.IsDeleted = 0)
            THEN N'invalid_app_device'
    END;
    IF @Outcome IS NOT NULL
        RETURN;

    BEGIN TRANSACTION;

    -- LOCK: phone:<number>. Guards the idempotent create of one number and the association of
    -- devices with it.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT TOP (1) @PhoneNumberUniqueId = p.UniqueId
    FROM dbo.PhoneNumbers AS p
    WHERE p.PhoneNumber = @PhoneNumber
      AND p.IsDeleted = 0;

    IF @PhoneNumberUniqueId IS NULL
    BEGIN
        SET @PhoneNumberUniqueId = NEWID();

        INSERT INTO dbo.PhoneNumbers (PhoneNumber, Region, UniqueId)
        VALUES (@PhoneNumber, @Region, @PhoneNumberUniqueId);

        -- The device a phone is created with becomes its primary device.
        IF @AppDeviceId IS NOT NULL
            INSERT INTO dbo.PhoneNumberDevices (PhoneNumberId, AppDeviceId, IsPrimary)
            VALUES (@PhoneNumberUniqueId, @AppDeviceId, 1);

        SET @Outcome = CASE WHEN @AppDeviceId IS NULL THEN N'created' ELSE N'created_and_associated' END;
    END
    ELSE IF @AppDeviceId IS NOT NULL
    BEGIN
        -- A known phone: its stored row (Region included) is not changed. A new association (never
        -- primary), or a deleted one revived; a live one is left alone.
        SELECT @AssociationIsDeleted = pd.IsDeleted
        FROM dbo.PhoneNumberDevices AS pd
        WHERE pd.PhoneNumberId = @PhoneNumberUniqueId
          AND pd.AppDeviceId = @AppDeviceId;

        IF @AssociationIsDeleted IS NULL
            INSERT INTO dbo.PhoneNumberDevices (PhoneNumberId, AppDeviceId, IsPrimary)
            VALUES (@PhoneNumberUniqueId, @AppDeviceId, 0);
        ELSE IF @AssociationIsDeleted = 1
            UPDATE dbo.PhoneNumberDevices
            SET IsDeleted = 0,
                IsPrimary = 0
            WHERE PhoneNumberId = @PhoneNumberUniqueId
              AND AppDeviceId = @AppDeviceId;

        SET @Outcome = CASE WHEN @AssociationIsDeleted = 0 THEN N'exists' ELSE N'associated' END;
    END
    ELSE
    BEGIN
        SET @Outcome = N'exists';
    END;

    COMMIT TRANSACTION;
END;
GO
