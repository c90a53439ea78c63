-- EcliptixMemberships, SQL Server 2019+: core objects.
-- Contract: ../shared/CONTRACT.md; project decisions: docs/schema-decisions.md.
-- Batches are separated by GO lines. Every object lives in schema dbo (it exists in SQL Server).
-- Codes compare under Latin1_General_BIN2 (case-sensitive, exact).

-- Filtered indexes, and the routines that write to their tables, need these options;
-- ANSI_NULLS and QUOTED_IDENTIFIER are also stored with each routine and trigger.
SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- Helper routines shared by contract routines live outside dbo, like PostgreSQL's helpers.
CREATE SCHEMA ecliptix_internal;
GO

-- E.164 (^\+[1-9][0-9]{6,14}$) without regex: 8 to 16 characters, no trailing blanks (LEN
-- ignores them, so LEN(x + N'.') - 1 is the true length), '+', a digit 1-9, then digits only. The
-- binary collation keeps the ranges to ASCII digits (no full-width or other look-alikes). NULL is
-- not a phone number. Every routine that takes a phone number checks it here.
CREATE FUNCTION ecliptix_internal.IsE164PhoneNumber(
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
-- AppDevices
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.AppDevices
(
    Id            BIGINT IDENTITY(1,1) NOT NULL,
    AppInstanceId UNIQUEIDENTIFIER     NOT NULL,
    DeviceId      UNIQUEIDENTIFIER     NOT NULL,
    DeviceType    INT                  NOT NULL CONSTRAINT DF_AppDevices_DeviceType DEFAULT (1),
    IsDeleted     BIT                  NOT NULL CONSTRAINT DF_AppDevices_IsDeleted DEFAULT (0),
    UniqueId      UNIQUEIDENTIFIER     NOT NULL CONSTRAINT DF_AppDevices_UniqueId DEFAULT (NEWID()),
    CreatedAt     DATETIME2(7)         NOT NULL CONSTRAINT DF_AppDevices_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt     DATETIME2(7)         NOT NULL CONSTRAINT DF_AppDevices_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_AppDevices PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT UQ_AppDevices_UniqueId UNIQUE NONCLUSTERED (UniqueId)
);

-- One live row per DeviceId (also the DeviceId lookup).
CREATE UNIQUE NONCLUSTERED INDEX UX_AppDevices_Live
    ON dbo.AppDevices (DeviceId)
    WHERE IsDeleted = 0;
GO

CREATE TRIGGER dbo.TRG_AppDevices_Update
ON dbo.AppDevices
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
    FROM dbo.AppDevices AS t
    INNER JOIN inserted AS i
        ON i.Id = t.Id;
END;
GO

-- ---------------------------------------------------------------------------
-- PhoneNumbers
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.PhoneNumbers
(
    Id          BIGINT IDENTITY(1,1) NOT NULL,
    PhoneNumber NVARCHAR(18)         NOT NULL,
    Region      NVARCHAR(2)          NULL,
    IsDeleted   BIT                  NOT NULL CONSTRAINT DF_PhoneNumbers_IsDeleted DEFAULT (0),
    UniqueId    UNIQUEIDENTIFIER     NOT NULL CONSTRAINT DF_PhoneNumbers_UniqueId DEFAULT (NEWID()),
    CreatedAt   DATETIME2(7)         NOT NULL CONSTRAINT DF_PhoneNumbers_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt   DATETIME2(7)         NOT NULL CONSTRAINT DF_PhoneNumbers_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_PhoneNumbers PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT UQ_PhoneNumbers_UniqueId UNIQUE NONCLUSTERED (UniqueId)
);

-- One live row per phone number (also the phone number lookup).
CREATE UNIQUE NONCLUSTERED INDEX UX_PhoneNumbers_Live
    ON dbo.PhoneNumbers (PhoneNumber)
    WHERE IsDeleted = 0;
GO

CREATE TRIGGER dbo.TRG_PhoneNumbers_Update
ON dbo.PhoneNumbers
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
    FROM dbo.PhoneNumbers AS t
    INNER JOIN inserted AS i
        ON i.Id = t.Id;
END;
GO

-- ---------------------------------------------------------------------------
-- PhoneNumberDevices
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.PhoneNumberDevices
(
    PhoneNumberId UNIQUEIDENTIFIER NOT NULL,
    AppDeviceId   UNIQUEIDENTIFIER NOT NULL,
    IsPrimary     BIT              NOT NULL CONSTRAINT DF_PhoneNumberDevices_IsPrimary DEFAULT (0),
    IsDeleted     BIT              NOT NULL CONSTRAINT DF_PhoneNumberDevices_IsDeleted DEFAULT (0),
    CreatedAt     DATETIME2(7)     NOT NULL CONSTRAINT DF_PhoneNumberDevices_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt     DATETIME2(7)     NOT NULL CONSTRAINT DF_PhoneNumberDevices_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_PhoneNumberDevices PRIMARY KEY CLUSTERED (PhoneNumberId, AppDeviceId),
    CONSTRAINT FK_PhoneNumberDevices_PhoneNumberId FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (UniqueId),
    CONSTRAINT FK_PhoneNumberDevices_AppDeviceId FOREIGN KEY (AppDeviceId)
        REFERENCES dbo.AppDevices (UniqueId)
);

-- FK PhoneNumberId is served by the primary key, which starts with it.
CREATE NONCLUSTERED INDEX IX_PhoneNumberDevices_AppDeviceId
    ON dbo.PhoneNumberDevices (AppDeviceId);

-- At most one live primary device per phone.
CREATE UNIQUE NONCLUSTERED INDEX UX_PhoneNumberDevices_Primary
    ON dbo.PhoneNumberDevices (PhoneNumberId)
    WHERE IsPrimary = 1 AND IsDeleted = 0;
GO

CREATE TRIGGER dbo.TRG_PhoneNumberDevices_Update
ON dbo.PhoneNumberDevices
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
    FROM dbo.PhoneNumberDevices AS t
    INNER JOIN inserted AS i
        ON i.PhoneNumberId = t.PhoneNumberId
       AND i.AppDeviceId = t.AppDeviceId;
END;
GO

-- ---------------------------------------------------------------------------
-- GetPhoneNumber: the live phone row, or no row.
-- ---------------------------------------------------------------------------

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

CREATE PROCEDURE dbo.RegisterAppDeviceIfNotExists
    @AppInstanceId UNIQUEIDENTIFIER,
    @DeviceId UNIQUEIDENTIFIER,
    @DeviceType INT,
    @DeviceUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @ExistingId UNIQUEIDENTIFIER;
    DECLARE @NewId UNIQUEIDENTIFIER;

    SET @DeviceUniqueId = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written.
    IF @AppInstanceId IS NULL OR @DeviceId IS NULL
    BEGIN
        SET @Outcome = N'invalid_input';
        RETURN;
    END;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: UPDLOCK + HOLDLOCK on the DeviceId key range of UX_AppDevices_Live serialises
        -- concurrent first registrations of one DeviceId: the second caller waits here, then
        -- reads the first caller's row.
        SELECT TOP (1) @ExistingId = d.UniqueId
        FROM dbo.AppDevices AS d WITH (UPDLOCK, HOLDLOCK, ROWLOCK)
        WHERE d.DeviceId = @DeviceId
          AND d.IsDeleted = 0;

        IF @ExistingId IS NOT NULL
        BEGIN
            -- The stored row is returned as it is (AppInstanceId and DeviceType not updated).
            SET @DeviceUniqueId = @ExistingId;
            SET @Outcome = N'exists';
        END
        ELSE
        BEGIN
            SET @NewId = NEWID();

            INSERT INTO dbo.AppDevices (AppInstanceId, DeviceId, DeviceType, UniqueId)
            VALUES (@AppInstanceId, @DeviceId, COALESCE(@DeviceType, 1), @NewId);

            SET @DeviceUniqueId = @NewId;
            SET @Outcome = N'created';
        END;

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
-- EnsurePhoneNumber
--   created | created_and_associated | associated | exists
--   | invalid_phone_number | invalid_region | invalid_app_device
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo.EnsurePhoneNumber
    @PhoneNumber NVARCHAR(100),
    @Region NVARCHAR(10),
    @AppDeviceId UNIQUEIDENTIFIER,
    @PhoneNumberUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @PhoneId UNIQUEIDENTIFIER;
    DECLARE @AssociationIsDeleted BIT;

    SET @PhoneNumberUniqueId = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written on these outcomes.
    IF ecliptix_internal.IsE164PhoneNumber(@PhoneNumber) = 0
    BEGIN
        SET @Outcome = N'invalid_phone_number';
        RETURN;
    END;

    -- Region: NULL, or exactly two letters A-Z.
    IF @Region IS NOT NULL
       AND (LEN(@Region + N'.') <> 3
            OR @Region COLLATE Latin1_General_BIN2 NOT LIKE N'[A-Z][A-Z]')
    BEGIN
        SET @Outcome = N'invalid_region';
        RETURN;
    END;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        IF @AppDeviceId IS NOT NULL
           AND NOT EXISTS (
               SELECT 1
               FROM dbo.AppDevices AS d
               WHERE d.UniqueId = @AppDeviceId
                 AND d.IsDeleted = 0
           )
        BEGIN
            SET @Outcome = N'invalid_app_device';
            GOTO Finish;
        END;

        -- LOCK: UPDLOCK + HOLDLOCK on the number's key range of UX_PhoneNumbers_Live serialises
        -- concurrent creation of one number, and the association of devices with it.
        SELECT TOP (1) @PhoneId = p.UniqueId
        FROM dbo.PhoneNumbers AS p WITH (UPDLOCK, HOLDLOCK, ROWLOCK)
        WHERE p.PhoneNumber = @PhoneNumber
          AND p.IsDeleted = 0;

        IF @PhoneId IS NULL
        BEGIN
            SET @PhoneId = NEWID();

            INSERT INTO dbo.PhoneNumbers (PhoneNumber, Region, UniqueId)
            VALUES (@PhoneNumber, @Region, @PhoneId);

            SET @PhoneNumberUniqueId = @PhoneId;

            IF @AppDeviceId IS NULL
            BEGIN
                SET @Outcome = N'created';
            END
            ELSE
            BEGIN
                -- The device a phone is created with becomes its primary device.
                INSERT INTO dbo.PhoneNumberDevices (PhoneNumberId, AppDeviceId, IsPrimary)
                VALUES (@PhoneId, @AppDeviceId, 1);

                SET @Outcome = N'created_and_associated';
            END;

            GOTO Finish;
        END;

        -- A known phone: its stored row (Region included) is not changed.
        SET @PhoneNumberUniqueId = @PhoneId;

        IF @AppDeviceId IS NULL
        BEGIN
            SET @Outcome = N'exists';
            GOTO Finish;
        END;

        -- A new association (never primary), or a deleted one revived; a live one is left alone.
        SELECT @AssociationIsDeleted = pd.IsDeleted
        FROM dbo.PhoneNumberDevices AS pd WITH (UPDLOCK, HOLDLOCK, ROWLOCK)
        WHERE pd.PhoneNumberId = @PhoneId
          AND pd.AppDeviceId = @AppDeviceId;

        IF @AssociationIsDeleted IS NULL
        BEGIN
            INSERT INTO dbo.PhoneNumberDevices (PhoneNumberId, AppDeviceId, IsPrimary)
            VALUES (@PhoneId, @AppDeviceId, 0);

            SET @Outcome = N'associated';
        END
        ELSE IF @AssociationIsDeleted = 1
        BEGIN
            UPDATE pd
            SET IsDeleted = 0,
                IsPrimary = 0
            FROM dbo.PhoneNumberDevices AS pd
            WHERE pd.PhoneNumberId = @PhoneId
              AND pd.AppDeviceId = @AppDeviceId;

            SET @Outcome = N'associated';
        END
        ELSE
        BEGIN
            SET @Outcome = N'exists';
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
