-- A legacy EcliptixMemberships database, for the adoption tests: the shape the original deployment
-- scripts built (01_TablesTriggers.sql .. 04_MembershipsProcedures.sql of the design repository
-- oleksandrmelnychenko/ecliptix-memberships-persistor, commit 47c79599), written anew from their facts,
-- and data that the rules of this module forbid next to plenty that they allow.
--
-- The shape that adoption must recognise and convert: the same ten tables, system-named primary keys,
-- CHK_ checks, seven ON DELETE CASCADE foreign keys, LoginAttempts.Timestamp /
-- MembershipAttempts.Timestamp / FailedOtpAttempts.AttemptTime, Outcome NVARCHAR(255), a nullable
-- Memberships.CreationStatus, no LockedUntil, code columns under the database's (case-insensitive)
-- collation, the nine UpdatedAt triggers.
--
-- Routines: the sixteen legacy names with their legacy parameters, as stubs. Adoption only recognises
-- them by name and drops them (the migrations create the contract's routines afterwards), so what their
-- bodies did does not matter here; what they wrote does, and is in the data below.
--
-- Times are relative to the moment the script runs, so that a running lockout is still running when the
-- test adopts the database. Ids of the rows the tests look at are fixed:
--   devices D0000000-...-0000000000xx, phones A0000000-...-0000000000xx, flows F0000000-...,
--   OTPs C0000000-..., memberships B0000000-...; bulk rows use the group 0001 (e.g. D0000000-0000-0000-0001-...).
-- Every batch is valid SQL Server T-SQL.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
GO

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.AppDevices
(
    Id            BIGINT IDENTITY(1,1) PRIMARY KEY,
    AppInstanceId UNIQUEIDENTIFIER NOT NULL,
    DeviceId      UNIQUEIDENTIFIER NOT NULL,
    DeviceType    INT NOT NULL CONSTRAINT DF_AppDevices_DeviceType DEFAULT 1,
    CreatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_AppDevices_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_AppDevices_UpdatedAt DEFAULT GETUTCDATE(),
    IsDeleted     BIT NOT NULL CONSTRAINT DF_AppDevices_IsDeleted DEFAULT 0,
    UniqueId      UNIQUEIDENTIFIER NOT NULL CONSTRAINT DF_AppDevices_UniqueId DEFAULT NEWID(),
    CONSTRAINT UQ_AppDevices_UniqueId UNIQUE (UniqueId),
    CONSTRAINT UQ_AppDevices_DeviceId UNIQUE (DeviceId)
);
CREATE INDEX IX_AppDevices_AppInstanceId ON dbo.AppDevices (AppInstanceId);
GO

CREATE TABLE dbo.PhoneNumbers
(
    Id          BIGINT IDENTITY(1,1) PRIMARY KEY,
    PhoneNumber NVARCHAR(18) NOT NULL,
    Region      NVARCHAR(2) NULL,
    CreatedAt   DATETIME2(7) NOT NULL CONSTRAINT DF_PhoneNumbers_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt   DATETIME2(7) NOT NULL CONSTRAINT DF_PhoneNumbers_UpdatedAt DEFAULT GETUTCDATE(),
    IsDeleted   BIT NOT NULL CONSTRAINT DF_PhoneNumbers_IsDeleted DEFAULT 0,
    UniqueId    UNIQUEIDENTIFIER NOT NULL CONSTRAINT DF_PhoneNumbers_UniqueId DEFAULT NEWID(),
    CONSTRAINT UQ_PhoneNumbers_UniqueId UNIQUE (UniqueId),
    -- Unique per region: the same number may be live once per Region value.
    CONSTRAINT UQ_PhoneNumbers_ActiveNumberRegion UNIQUE (PhoneNumber, Region, IsDeleted)
);
CREATE INDEX IX_PhoneNumbers_PhoneNumber_Region ON dbo.PhoneNumbers (PhoneNumber, Region);
GO

CREATE TABLE dbo.PhoneNumberDevices
(
    PhoneNumberId UNIQUEIDENTIFIER NOT NULL,
    AppDeviceId   UNIQUEIDENTIFIER NOT NULL,
    IsPrimary     BIT NOT NULL CONSTRAINT DF_PhoneNumberDevices_IsPrimary DEFAULT 0,
    CreatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_PhoneNumberDevices_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_PhoneNumberDevices_UpdatedAt DEFAULT GETUTCDATE(),
    IsDeleted     BIT NOT NULL CONSTRAINT DF_PhoneNumberDevices_IsDeleted DEFAULT 0,
    CONSTRAINT PK_PhoneNumberDevices PRIMARY KEY (PhoneNumberId, AppDeviceId),
    CONSTRAINT FK_PhoneNumberDevices_PhoneNumbers FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (UniqueId) ON DELETE CASCADE,
    CONSTRAINT FK_PhoneNumberDevices_AppDevices FOREIGN KEY (AppDeviceId)
        REFERENCES dbo.AppDevices (UniqueId) ON DELETE CASCADE
);
CREATE INDEX IX_PhoneNumberDevices_AppDeviceId ON dbo.PhoneNumberDevices (AppDeviceId);
GO

CREATE TABLE dbo.VerificationFlows
(
    Id            BIGINT IDENTITY(1,1) PRIMARY KEY,
    PhoneNumberId BIGINT NOT NULL,
    AppDeviceId   UNIQUEIDENTIFIER NOT NULL,
    Status        NVARCHAR(20) NOT NULL CONSTRAINT DF_VerificationFlows_Status DEFAULT 'pending'
                  CONSTRAINT CHK_VerificationFlows_Status CHECK (Status IN ('pending', 'verified', 'expired', 'failed')),
    Purpose       NVARCHAR(30) NOT NULL CONSTRAINT DF_VerificationFlows_Purpose DEFAULT 'unspecified'
                  CONSTRAINT CHK_VerificationFlows_Purpose
                  CHECK (Purpose IN ('unspecified', 'registration', 'login', 'password_recovery', 'update_phone')),
    ExpiresAt     DATETIME2(7) NOT NULL,
    OtpCount      SMALLINT NOT NULL CONSTRAINT DF_VerificationFlows_OtpCount DEFAULT 0,
    ConnectionId  BIGINT NULL,
    CreatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_VerificationFlows_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_VerificationFlows_UpdatedAt DEFAULT GETUTCDATE(),
    IsDeleted     BIT NOT NULL CONSTRAINT DF_VerificationFlows_IsDeleted DEFAULT 0,
    UniqueId      UNIQUEIDENTIFIER NOT NULL CONSTRAINT DF_VerificationFlows_UniqueId DEFAULT NEWID(),
    CONSTRAINT UQ_VerificationFlows_UniqueId UNIQUE (UniqueId),
    CONSTRAINT FK_VerificationFlows_PhoneNumbers FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (Id) ON DELETE CASCADE,
    CONSTRAINT FK_VerificationFlows_AppDevices FOREIGN KEY (AppDeviceId)
        REFERENCES dbo.AppDevices (UniqueId) ON DELETE CASCADE,
    CONSTRAINT CHK_VerificationFlows_OtpCount CHECK (OtpCount >= 0)
);
CREATE INDEX IX_VerificationFlows_PhoneNumberId_Status ON dbo.VerificationFlows (PhoneNumberId, Status);
CREATE UNIQUE INDEX UQ_VerificationFlows_Pending ON dbo.VerificationFlows (AppDeviceId, PhoneNumberId, Purpose)
    WHERE Status = 'pending' AND IsDeleted = 0;
GO

CREATE TABLE dbo.OtpRecords
(
    Id            BIGINT IDENTITY(1,1) PRIMARY KEY,
    FlowUniqueId  UNIQUEIDENTIFIER NOT NULL,
    PhoneNumberId BIGINT NOT NULL,
    OtpHash       NVARCHAR(255) NOT NULL,
    OtpSalt       NVARCHAR(255) NOT NULL,
    ExpiresAt     DATETIME2(7) NOT NULL,
    Status        NVARCHAR(20) NOT NULL CONSTRAINT DF_OtpRecords_Status DEFAULT 'pending'
                  CONSTRAINT CHK_OtpRecords_Status CHECK (Status IN ('pending', 'verified', 'expired', 'failed')),
    IsActive      BIT NOT NULL CONSTRAINT DF_OtpRecords_IsActive DEFAULT 1,
    CreatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_OtpRecords_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_OtpRecords_UpdatedAt DEFAULT GETUTCDATE(),
    IsDeleted     BIT NOT NULL CONSTRAINT DF_OtpRecords_IsDeleted DEFAULT 0,
    UniqueId      UNIQUEIDENTIFIER NOT NULL CONSTRAINT DF_OtpRecords_UniqueId DEFAULT NEWID(),
    CONSTRAINT UQ_OtpRecords_UniqueId UNIQUE (UniqueId),
    CONSTRAINT FK_OtpRecords_VerificationFlows FOREIGN KEY (FlowUniqueId)
        REFERENCES dbo.VerificationFlows (UniqueId) ON DELETE CASCADE,
    CONSTRAINT FK_OtpRecords_PhoneNumbers FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (Id)
);
CREATE INDEX IX_OtpRecords_FlowUniqueId_Status ON dbo.OtpRecords (FlowUniqueId, Status);
GO

CREATE TABLE dbo.FailedOtpAttempts
(
    Id           BIGINT IDENTITY(1,1) PRIMARY KEY,
    OtpUniqueId  UNIQUEIDENTIFIER NOT NULL,
    FlowUniqueId UNIQUEIDENTIFIER NOT NULL,
    AttemptTime  DATETIME2(7) NOT NULL CONSTRAINT DF_FailedOtpAttempts_AttemptTime DEFAULT GETUTCDATE(),
    CreatedAt    DATETIME2(7) NOT NULL CONSTRAINT DF_FailedOtpAttempts_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt    DATETIME2(7) NOT NULL CONSTRAINT DF_FailedOtpAttempts_UpdatedAt DEFAULT GETUTCDATE(),
    IsDeleted    BIT NOT NULL CONSTRAINT DF_FailedOtpAttempts_IsDeleted DEFAULT 0,
    CONSTRAINT FK_FailedOtpAttempts_OtpRecords FOREIGN KEY (OtpUniqueId)
        REFERENCES dbo.OtpRecords (UniqueId) ON DELETE CASCADE,
    CONSTRAINT FK_FailedOtpAttempts_VerificationFlows FOREIGN KEY (FlowUniqueId)
        REFERENCES dbo.VerificationFlows (UniqueId)
);
CREATE INDEX IX_FailedOtpAttempts_OtpUniqueId ON dbo.FailedOtpAttempts (OtpUniqueId);
GO

CREATE TABLE dbo.Memberships
(
    Id                 BIGINT IDENTITY(1,1) PRIMARY KEY,
    PhoneNumberId      UNIQUEIDENTIFIER NOT NULL,
    AppDeviceId        UNIQUEIDENTIFIER NOT NULL,
    VerificationFlowId UNIQUEIDENTIFIER NOT NULL,
    SecureKey          VARBINARY(MAX) NULL,
    Status             NVARCHAR(20) NOT NULL CONSTRAINT DF_Memberships_Status DEFAULT 'inactive'
                       CONSTRAINT CHK_Memberships_Status CHECK (Status IN ('active', 'inactive')),
    CreationStatus     NVARCHAR(20) NULL
                       CONSTRAINT CHK_Memberships_CreationStatus
                       CHECK (CreationStatus IN ('otp_verified', 'secure_key_set', 'passphrase_set')),
    CreatedAt          DATETIME2(7) NOT NULL CONSTRAINT DF_Memberships_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt          DATETIME2(7) NOT NULL CONSTRAINT DF_Memberships_UpdatedAt DEFAULT GETUTCDATE(),
    IsDeleted          BIT NOT NULL CONSTRAINT DF_Memberships_IsDeleted DEFAULT 0,
    UniqueId           UNIQUEIDENTIFIER NOT NULL CONSTRAINT DF_Memberships_UniqueId DEFAULT NEWID(),
    CONSTRAINT UQ_Memberships_UniqueId UNIQUE (UniqueId),
    CONSTRAINT FK_Memberships_PhoneNumbers FOREIGN KEY (PhoneNumberId) REFERENCES dbo.PhoneNumbers (UniqueId),
    CONSTRAINT FK_Memberships_AppDevices FOREIGN KEY (AppDeviceId) REFERENCES dbo.AppDevices (UniqueId),
    CONSTRAINT FK_Memberships_VerificationFlows FOREIGN KEY (VerificationFlowId)
        REFERENCES dbo.VerificationFlows (UniqueId),
    -- One live membership per phone and device, so a phone with several devices has several.
    CONSTRAINT UQ_Memberships_ActiveMembership UNIQUE (PhoneNumberId, AppDeviceId, IsDeleted)
);
CREATE INDEX IX_Memberships_PhoneNumberId_Status ON dbo.Memberships (PhoneNumberId, Status);
GO

CREATE TABLE dbo.LoginAttempts
(
    Id          BIGINT IDENTITY(1,1) PRIMARY KEY,
    Timestamp   DATETIME2(7) NOT NULL CONSTRAINT DF_LoginAttempts_Timestamp DEFAULT GETUTCDATE(),
    PhoneNumber NVARCHAR(18) NOT NULL,
    Outcome     NVARCHAR(255) NOT NULL,
    IsSuccess   BIT NOT NULL CONSTRAINT DF_LoginAttempts_IsSuccess DEFAULT 0,
    CreatedAt   DATETIME2(7) NOT NULL CONSTRAINT DF_LoginAttempts_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt   DATETIME2(7) NOT NULL CONSTRAINT DF_LoginAttempts_UpdatedAt DEFAULT GETUTCDATE()
);
CREATE INDEX IX_LoginAttempts_PhoneNumber_Timestamp ON dbo.LoginAttempts (PhoneNumber, Timestamp);
GO

CREATE TABLE dbo.MembershipAttempts
(
    Id            BIGINT IDENTITY(1,1) PRIMARY KEY,
    PhoneNumberId UNIQUEIDENTIFIER NOT NULL,
    Timestamp     DATETIME2(7) NOT NULL CONSTRAINT DF_MembershipAttempts_Timestamp DEFAULT GETUTCDATE(),
    Outcome       NVARCHAR(255) NOT NULL,
    IsSuccess     BIT NOT NULL CONSTRAINT DF_MembershipAttempts_IsSuccess DEFAULT 0,
    CreatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_MembershipAttempts_CreatedAt DEFAULT GETUTCDATE(),
    UpdatedAt     DATETIME2(7) NOT NULL CONSTRAINT DF_MembershipAttempts_UpdatedAt DEFAULT GETUTCDATE(),
    IsDeleted     BIT NOT NULL CONSTRAINT DF_MembershipAttempts_IsDeleted DEFAULT 0,
    CONSTRAINT FK_MembershipAttempts_PhoneNumbers FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (UniqueId) ON DELETE CASCADE
);
CREATE INDEX IX_MembershipAttempts_PhoneNumberId_Timestamp ON dbo.MembershipAttempts (PhoneNumberId, Timestamp);
GO

CREATE TABLE dbo.EventLog
(
    Id        BIGINT IDENTITY(1,1) PRIMARY KEY,
    EventType NVARCHAR(50) NOT NULL,
    Message   NVARCHAR(MAX) NOT NULL,
    CreatedAt DATETIME2(7) NOT NULL DEFAULT GETUTCDATE()
);
GO

-- ---------------------------------------------------------------------------
-- UpdatedAt triggers (an update that sets UpdatedAt itself is left alone)
-- ---------------------------------------------------------------------------

CREATE TRIGGER dbo.TRG_AppDevices_Update ON dbo.AppDevices AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE dbo.AppDevices SET UpdatedAt = GETUTCDATE() WHERE Id IN (SELECT Id FROM inserted);
END;
GO

CREATE TRIGGER dbo.TRG_PhoneNumbers_Update ON dbo.PhoneNumbers AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE dbo.PhoneNumbers SET UpdatedAt = GETUTCDATE() WHERE Id IN (SELECT Id FROM inserted);
END;
GO

CREATE TRIGGER dbo.TRG_PhoneNumberDevices_Update ON dbo.PhoneNumberDevices AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE d SET UpdatedAt = GETUTCDATE()
        FROM dbo.PhoneNumberDevices AS d
        INNER JOIN inserted AS i ON i.PhoneNumberId = d.PhoneNumberId AND i.AppDeviceId = d.AppDeviceId;
END;
GO

CREATE TRIGGER dbo.TRG_VerificationFlows_Update ON dbo.VerificationFlows AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE dbo.VerificationFlows SET UpdatedAt = GETUTCDATE() WHERE Id IN (SELECT Id FROM inserted);
END;
GO

CREATE TRIGGER dbo.TRG_OtpRecords_Update ON dbo.OtpRecords AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE dbo.OtpRecords SET UpdatedAt = GETUTCDATE() WHERE Id IN (SELECT Id FROM inserted);
END;
GO

CREATE TRIGGER dbo.TRG_FailedOtpAttempts_Update ON dbo.FailedOtpAttempts AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE dbo.FailedOtpAttempts SET UpdatedAt = GETUTCDATE() WHERE Id IN (SELECT Id FROM inserted);
END;
GO

CREATE TRIGGER dbo.TRG_Memberships_Update ON dbo.Memberships AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE dbo.Memberships SET UpdatedAt = GETUTCDATE() WHERE Id IN (SELECT Id FROM inserted);
END;
GO

CREATE TRIGGER dbo.TRG_MembershipAttempts_Update ON dbo.MembershipAttempts AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE dbo.MembershipAttempts SET UpdatedAt = GETUTCDATE() WHERE Id IN (SELECT Id FROM inserted);
END;
GO

CREATE TRIGGER dbo.TRG_LoginAttempts_Update ON dbo.LoginAttempts AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(UpdatedAt)
        UPDATE dbo.LoginAttempts SET UpdatedAt = GETUTCDATE() WHERE Id IN (SELECT Id FROM inserted);
END;
GO

-- ---------------------------------------------------------------------------
-- Routines: the legacy names and parameters, as stubs (see the header).
-- ---------------------------------------------------------------------------

CREATE FUNCTION dbo.GetPhoneNumber (@PhoneUniqueId UNIQUEIDENTIFIER)
RETURNS TABLE
AS
RETURN (SELECT p.PhoneNumber, p.Region, p.UniqueId
        FROM dbo.PhoneNumbers AS p
        WHERE p.UniqueId = @PhoneUniqueId AND p.IsDeleted = 0);
GO

CREATE FUNCTION dbo.GetFullFlowState (@FlowUniqueId UNIQUEIDENTIFIER)
RETURNS TABLE
AS
RETURN (SELECT f.UniqueId AS UniqueIdentifier, p.UniqueId AS PhoneNumberIdentifier, f.Status, f.Purpose,
               f.OtpCount, o.UniqueId AS Otp_UniqueIdentifier, o.Status AS Otp_Status
        FROM dbo.VerificationFlows AS f
        INNER JOIN dbo.PhoneNumbers AS p ON p.Id = f.PhoneNumberId
        LEFT JOIN dbo.OtpRecords AS o
            ON o.FlowUniqueId = f.UniqueId AND o.IsActive = 1 AND o.IsDeleted = 0 AND o.ExpiresAt > GETUTCDATE()
        WHERE f.UniqueId = @FlowUniqueId);
GO

CREATE PROCEDURE dbo.RegisterAppDeviceIfNotExists @AppInstanceId UNIQUEIDENTIFIER, @DeviceId UNIQUEIDENTIFIER, @DeviceType INT
AS
SELECT CAST(NULL AS UNIQUEIDENTIFIER) AS UniqueId, 0 AS Status;
GO

CREATE PROCEDURE dbo.EnsurePhoneNumber @PhoneNumberString NVARCHAR(18), @Region NVARCHAR(2), @AppDeviceId UNIQUEIDENTIFIER = NULL
AS
SELECT CAST(NULL AS UNIQUEIDENTIFIER) AS UniqueId, N'stub' AS Outcome;
GO

CREATE PROCEDURE dbo.VerifyPhoneForSecretKeyRecovery @PhoneNumberString NVARCHAR(18), @Region NVARCHAR(2) = NULL
AS
SELECT N'stub' AS Outcome;
GO

CREATE PROCEDURE dbo.InitiateVerificationFlow
    @AppDeviceId UNIQUEIDENTIFIER, @PhoneUniqueId UNIQUEIDENTIFIER, @Purpose NVARCHAR(30), @ConnectionId BIGINT = NULL
AS
SELECT N'stub' AS Outcome;
GO

CREATE PROCEDURE dbo.RequestResendOtp @FlowUniqueId UNIQUEIDENTIFIER
AS
SELECT N'stub' AS Outcome;
GO

CREATE PROCEDURE dbo.InsertOtpRecord
    @FlowUniqueId UNIQUEIDENTIFIER, @OtpHash NVARCHAR(MAX), @OtpSalt NVARCHAR(MAX), @ExpiresAt DATETIME2(7), @Status NVARCHAR(20)
AS
SELECT CAST(NULL AS UNIQUEIDENTIFIER) AS OtpUniqueId, N'stub' AS Outcome;
GO

CREATE PROCEDURE dbo.UpdateOtpStatus @OtpUniqueId UNIQUEIDENTIFIER, @NewStatus NVARCHAR(20)
AS
SELECT CAST(0 AS BIT) AS Success, N'stub' AS Message;
GO

CREATE PROCEDURE dbo.UpdateVerificationFlowStatus @FlowUniqueId UNIQUEIDENTIFIER, @NewStatus NVARCHAR(20)
AS
SELECT 0 AS RowsAffected;
GO

CREATE PROCEDURE dbo.ExpireAssociatedOtp @FlowUniqueId UNIQUEIDENTIFIER
AS
SELECT 0 AS RowsAffected;
GO

CREATE PROCEDURE dbo.LogLoginAttempt @PhoneNumber NVARCHAR(18), @Outcome NVARCHAR(MAX), @IsSuccess BIT
AS
SELECT 0 AS RowsAffected;
GO

CREATE PROCEDURE dbo.LogMembershipAttempt @PhoneNumberId UNIQUEIDENTIFIER, @Outcome NVARCHAR(MAX), @IsSuccess BIT
AS
SELECT 0 AS RowsAffected;
GO

CREATE PROCEDURE dbo.CreateMembership
    @FlowUniqueId UNIQUEIDENTIFIER, @ConnectionId BIGINT, @OtpUniqueId UNIQUEIDENTIFIER, @CreationStatus NVARCHAR(20)
AS
SELECT CAST(NULL AS UNIQUEIDENTIFIER) AS MembershipUniqueId, N'stub' AS Outcome;
GO

CREATE PROCEDURE dbo.UpdateMembershipSecureKey @MembershipUniqueId UNIQUEIDENTIFIER, @SecureKey VARBINARY(MAX)
AS
SELECT 0 AS Success, N'stub' AS Message;
GO

CREATE PROCEDURE dbo.LoginMembership @PhoneNumber NVARCHAR(18)
AS
SELECT CAST(NULL AS UNIQUEIDENTIFIER) AS MembershipUniqueId, N'stub' AS Outcome;
GO

-- ---------------------------------------------------------------------------
-- Data. One batch, so that every row is timed from the same @Now.
-- ---------------------------------------------------------------------------

DECLARE @Now DATETIME2(7) = SYSUTCDATETIME();
DECLARE @Key VARBINARY(MAX) = 0x0A0B0C0D0E0F1011121314151617181920;

-- Devices D01..D09 (D09 was deleted by its user long ago).
INSERT INTO dbo.AppDevices (AppInstanceId, DeviceId, DeviceType, IsDeleted, UniqueId, CreatedAt, UpdatedAt)
VALUES
    ('A1000000-0000-0000-0000-000000000001', 'DE000000-0000-0000-0000-000000000001', 1, 0, 'D0000000-0000-0000-0000-000000000001', DATEADD(DAY, -30, @Now), DATEADD(DAY, -30, @Now)),
    ('A1000000-0000-0000-0000-000000000002', 'DE000000-0000-0000-0000-000000000002', 1, 0, 'D0000000-0000-0000-0000-000000000002', DATEADD(DAY, -30, @Now), DATEADD(DAY, -30, @Now)),
    ('A1000000-0000-0000-0000-000000000003', 'DE000000-0000-0000-0000-000000000003', 2, 0, 'D0000000-0000-0000-0000-000000000003', DATEADD(DAY, -30, @Now), DATEADD(DAY, -30, @Now)),
    ('A1000000-0000-0000-0000-000000000004', 'DE000000-0000-0000-0000-000000000004', 1, 0, 'D0000000-0000-0000-0000-000000000004', DATEADD(DAY, -30, @Now), DATEADD(DAY, -30, @Now)),
    ('A1000000-0000-0000-0000-000000000005', 'DE000000-0000-0000-0000-000000000005', 1, 0, 'D0000000-0000-0000-0000-000000000005', DATEADD(DAY, -30, @Now), DATEADD(DAY, -30, @Now)),
    ('A1000000-0000-0000-0000-000000000006', 'DE000000-0000-0000-0000-000000000006', 2, 0, 'D0000000-0000-0000-0000-000000000006', DATEADD(DAY, -30, @Now), DATEADD(DAY, -30, @Now)),
    ('A1000000-0000-0000-0000-000000000007', 'DE000000-0000-0000-0000-000000000007', 1, 0, 'D0000000-0000-0000-0000-000000000007', DATEADD(DAY, -30, @Now), DATEADD(DAY, -30, @Now)),
    ('A1000000-0000-0000-0000-000000000008', 'DE000000-0000-0000-0000-000000000008', 1, 0, 'D0000000-0000-0000-0000-000000000008', DATEADD(DAY, -30, @Now), DATEADD(DAY, -30, @Now)),
    ('A1000000-0000-0000-0000-000000000009', 'DE000000-0000-0000-0000-000000000009', 1, 1, 'D0000000-0000-0000-0000-000000000009', DATEADD(DAY, -90, @Now), DATEADD(DAY, -60, @Now));

-- Phones. +14155550102 is live in three rows with different Region values (the legacy uniqueness
-- was per number and region); the numbers 01..09 are the named cases, see each block below.
INSERT INTO dbo.PhoneNumbers (PhoneNumber, Region, IsDeleted, UniqueId, CreatedAt, UpdatedAt)
VALUES
    (N'+14155550101', N'US', 0, 'A0000000-0000-0000-0000-000000000001', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    (N'+14155550102', N'US', 0, 'A0000000-0000-0000-0000-000000000021', DATEADD(DAY, -10, @Now), DATEADD(DAY, -10, @Now)),
    (N'+14155550102', NULL,  0, 'A0000000-0000-0000-0000-000000000022', DATEADD(DAY, -2, @Now), DATEADD(DAY, -2, @Now)),
    (N'+14155550102', N'CA', 0, 'A0000000-0000-0000-0000-000000000023', DATEADD(DAY, -1, @Now), DATEADD(DAY, -1, @Now)),
    (N'+14155550103', N'US', 0, 'A0000000-0000-0000-0000-000000000003', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    (N'+14155550104', N'US', 0, 'A0000000-0000-0000-0000-000000000004', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    (N'+14155550105', N'US', 0, 'A0000000-0000-0000-0000-000000000005', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    (N'+14155550106', N'US', 0, 'A0000000-0000-0000-0000-000000000006', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    (N'+14155550107', N'US', 0, 'A0000000-0000-0000-0000-000000000007', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    (N'+14155550108', N'US', 0, 'A0000000-0000-0000-0000-000000000008', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    (N'+14155550109', N'US', 0, 'A0000000-0000-0000-0000-000000000009', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    -- A number given up long ago: deleted, and live again in a new row (no conflict).
    (N'+14155550111', N'GB', 1, 'A0000000-0000-0000-0000-000000000011', DATEADD(DAY, -80, @Now), DATEADD(DAY, -70, @Now)),
    (N'+14155550111', N'GB', 0, 'A0000000-0000-0000-0000-000000000012', DATEADD(DAY, -60, @Now), DATEADD(DAY, -60, @Now));

INSERT INTO dbo.PhoneNumberDevices (PhoneNumberId, AppDeviceId, IsPrimary, IsDeleted, CreatedAt, UpdatedAt)
VALUES
    ('A0000000-0000-0000-0000-000000000001', 'D0000000-0000-0000-0000-000000000001', 1, 0, DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    -- +14155550102: device 02 is linked to the US row (primary) and to the CA row; device 03 to the
    -- NULL-region row (primary); device 04 to the CA row.
    ('A0000000-0000-0000-0000-000000000021', 'D0000000-0000-0000-0000-000000000002', 1, 0, DATEADD(DAY, -10, @Now), DATEADD(DAY, -10, @Now)),
    ('A0000000-0000-0000-0000-000000000022', 'D0000000-0000-0000-0000-000000000003', 1, 0, DATEADD(DAY, -2, @Now), DATEADD(DAY, -2, @Now)),
    ('A0000000-0000-0000-0000-000000000023', 'D0000000-0000-0000-0000-000000000002', 0, 0, DATEADD(DAY, -1, @Now), DATEADD(DAY, -1, @Now)),
    ('A0000000-0000-0000-0000-000000000023', 'D0000000-0000-0000-0000-000000000004', 0, 0, DATEADD(DAY, -1, @Now), DATEADD(DAY, -1, @Now)),
    -- +14155550103: two live primary devices.
    ('A0000000-0000-0000-0000-000000000003', 'D0000000-0000-0000-0000-000000000005', 1, 0, DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000003', 'D0000000-0000-0000-0000-000000000006', 1, 0, DATEADD(DAY, -3, @Now), DATEADD(DAY, -3, @Now)),
    ('A0000000-0000-0000-0000-000000000004', 'D0000000-0000-0000-0000-000000000007', 1, 0, DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000005', 'D0000000-0000-0000-0000-000000000008', 1, 0, DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000006', 'D0000000-0000-0000-0000-000000000008', 0, 0, DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000011', 'D0000000-0000-0000-0000-000000000009', 1, 1, DATEADD(DAY, -80, @Now), DATEADD(DAY, -70, @Now));

-- Flows. Status and Purpose were compared case-insensitively, so some were written in other cases.
INSERT INTO dbo.VerificationFlows (PhoneNumberId, AppDeviceId, Status, Purpose, ExpiresAt, OtpCount, ConnectionId, IsDeleted, UniqueId, CreatedAt, UpdatedAt)
SELECT p.Id, f.AppDeviceId, f.Status, f.Purpose, f.ExpiresAt, f.OtpCount, f.ConnectionId, 0, f.UniqueId, f.CreatedAt, f.CreatedAt
FROM (VALUES
    ('A0000000-0000-0000-0000-000000000001', 'D0000000-0000-0000-0000-000000000001', N'verified', N'registration', DATEADD(DAY, -19, @Now), CAST(1 AS SMALLINT), CAST(101 AS BIGINT), 'F0000000-0000-0000-0000-000000000001', DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000021', 'D0000000-0000-0000-0000-000000000002', N'verified', N'registration', DATEADD(DAY, -9, @Now), 1, 102, 'F0000000-0000-0000-0000-000000000021', DATEADD(DAY, -10, @Now)),
    -- Two pending login flows of device 03 for +14155550102, one per phone row: one after the merge.
    ('A0000000-0000-0000-0000-000000000022', 'D0000000-0000-0000-0000-000000000003', N'pending', N'login', DATEADD(MINUTE, 2, @Now), 0, NULL, 'F0000000-0000-0000-0000-000000000022', DATEADD(MINUTE, -3, @Now)),
    ('A0000000-0000-0000-0000-000000000023', 'D0000000-0000-0000-0000-000000000003', N'pending', N'login', DATEADD(MINUTE, 4, @Now), 1, NULL, 'F0000000-0000-0000-0000-000000000023', DATEADD(MINUTE, -1, @Now)),
    ('A0000000-0000-0000-0000-000000000023', 'D0000000-0000-0000-0000-000000000004', N'verified', N'registration', @Now, 1, 104, 'F0000000-0000-0000-0000-000000000024', DATEADD(DAY, -1, @Now)),
    ('A0000000-0000-0000-0000-000000000003', 'D0000000-0000-0000-0000-000000000005', N'verified', N'registration', DATEADD(DAY, -19, @Now), 1, 105, 'F0000000-0000-0000-0000-000000000031', DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000003', 'D0000000-0000-0000-0000-000000000006', N'Verified', N'Registration', DATEADD(DAY, -2, @Now), 1, 106, 'F0000000-0000-0000-0000-000000000032', DATEADD(DAY, -3, @Now)),
    ('A0000000-0000-0000-0000-000000000004', 'D0000000-0000-0000-0000-000000000007', N'verified', N'registration', DATEADD(DAY, -19, @Now), 1, 107, 'F0000000-0000-0000-0000-000000000004', DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000005', 'D0000000-0000-0000-0000-000000000008', N'verified', N'registration', DATEADD(DAY, -19, @Now), 1, 108, 'F0000000-0000-0000-0000-000000000005', DATEADD(DAY, -20, @Now)),
    -- A registration in progress for +14155550106 with two active OTPs (a resend that did not
    -- deactivate the first).
    ('A0000000-0000-0000-0000-000000000006', 'D0000000-0000-0000-0000-000000000008', N'pending', N'registration', DATEADD(MINUTE, 30, @Now), 2, 109, 'F0000000-0000-0000-0000-000000000006', DATEADD(MINUTE, -2, @Now)),
    ('A0000000-0000-0000-0000-000000000006', 'D0000000-0000-0000-0000-000000000008', N'EXPIRED', N'password_recovery', DATEADD(DAY, -5, @Now), 0, NULL, 'F0000000-0000-0000-0000-000000000061', DATEADD(DAY, -5, @Now))
) AS f (PhoneUniqueId, AppDeviceId, Status, Purpose, ExpiresAt, OtpCount, ConnectionId, UniqueId, CreatedAt)
INNER JOIN dbo.PhoneNumbers AS p ON p.UniqueId = f.PhoneUniqueId;

INSERT INTO dbo.OtpRecords (FlowUniqueId, PhoneNumberId, OtpHash, OtpSalt, ExpiresAt, Status, IsActive, IsDeleted, UniqueId, CreatedAt, UpdatedAt)
SELECT o.FlowUniqueId, f.PhoneNumberId, o.OtpHash, o.OtpSalt, o.ExpiresAt, o.Status, o.IsActive, 0, o.UniqueId, o.CreatedAt, o.CreatedAt
FROM (VALUES
    ('F0000000-0000-0000-0000-000000000001', N'legacy-hash-01', N'legacy-salt-01', DATEADD(DAY, -20, @Now), N'verified', CAST(0 AS BIT), 'C0000000-0000-0000-0000-000000000001', DATEADD(DAY, -20, @Now)),
    ('F0000000-0000-0000-0000-000000000021', N'legacy-hash-21', N'legacy-salt-21', DATEADD(DAY, -10, @Now), N'verified', 0, 'C0000000-0000-0000-0000-000000000021', DATEADD(DAY, -10, @Now)),
    ('F0000000-0000-0000-0000-000000000023', N'legacy-hash-23', N'legacy-salt-23', DATEADD(MINUTE, 3, @Now), N'pending', 1, 'C0000000-0000-0000-0000-000000000023', DATEADD(MINUTE, -1, @Now)),
    ('F0000000-0000-0000-0000-000000000024', N'legacy-hash-24', N'legacy-salt-24', DATEADD(DAY, -1, @Now), N'verified', 0, 'C0000000-0000-0000-0000-000000000024', DATEADD(DAY, -1, @Now)),
    ('F0000000-0000-0000-0000-000000000031', N'legacy-hash-31', N'legacy-salt-31', DATEADD(DAY, -20, @Now), N'verified', 0, 'C0000000-0000-0000-0000-000000000031', DATEADD(DAY, -20, @Now)),
    ('F0000000-0000-0000-0000-000000000032', N'legacy-hash-32', N'legacy-salt-32', DATEADD(DAY, -3, @Now), N'Verified', 0, 'C0000000-0000-0000-0000-000000000032', DATEADD(DAY, -3, @Now)),
    ('F0000000-0000-0000-0000-000000000004', N'legacy-hash-04', N'legacy-salt-04', DATEADD(DAY, -20, @Now), N'verified', 0, 'C0000000-0000-0000-0000-000000000004', DATEADD(DAY, -20, @Now)),
    ('F0000000-0000-0000-0000-000000000005', N'legacy-hash-05', N'legacy-salt-05', DATEADD(DAY, -20, @Now), N'verified', 0, 'C0000000-0000-0000-0000-000000000005', DATEADD(DAY, -20, @Now)),
    -- Both active: the first should have been deactivated by the resend.
    ('F0000000-0000-0000-0000-000000000006', N'legacy-hash-61', N'legacy-salt-61', DATEADD(MINUTE, 5, @Now), N'pending', 1, 'C0000000-0000-0000-0000-000000000061', DATEADD(MINUTE, -2, @Now)),
    ('F0000000-0000-0000-0000-000000000006', N'legacy-hash-62', N'legacy-salt-62', DATEADD(MINUTE, 20, @Now), N'PENDING', 1, 'C0000000-0000-0000-0000-000000000062', DATEADD(MINUTE, -1, @Now))
) AS o (FlowUniqueId, OtpHash, OtpSalt, ExpiresAt, Status, IsActive, UniqueId, CreatedAt)
INNER JOIN dbo.VerificationFlows AS f ON f.UniqueId = o.FlowUniqueId;

-- Failed checks of the first OTP of +14155550106; one written with AttemptTime and CreatedAt apart.
INSERT INTO dbo.FailedOtpAttempts (OtpUniqueId, FlowUniqueId, AttemptTime, CreatedAt, UpdatedAt)
VALUES
    ('C0000000-0000-0000-0000-000000000061', 'F0000000-0000-0000-0000-000000000006', DATEADD(SECOND, -100, @Now), DATEADD(SECOND, -98, @Now), DATEADD(SECOND, -98, @Now)),
    ('C0000000-0000-0000-0000-000000000061', 'F0000000-0000-0000-0000-000000000006', DATEADD(SECOND, -90, @Now), DATEADD(SECOND, -90, @Now), DATEADD(SECOND, -90, @Now));

-- Memberships. The legacy CreateMembership wrote 'active' at once, and CreationStatus could be NULL.
INSERT INTO dbo.Memberships (PhoneNumberId, AppDeviceId, VerificationFlowId, SecureKey, Status, CreationStatus, IsDeleted, UniqueId, CreatedAt, UpdatedAt)
VALUES
    ('A0000000-0000-0000-0000-000000000001', 'D0000000-0000-0000-0000-000000000001', 'F0000000-0000-0000-0000-000000000001', @Key, N'active', N'secure_key_set', 0, 'B0000000-0000-0000-0000-000000000001', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    -- +14155550102: one membership per phone row; after the merge two for one number.
    ('A0000000-0000-0000-0000-000000000021', 'D0000000-0000-0000-0000-000000000002', 'F0000000-0000-0000-0000-000000000021', @Key, N'active', N'secure_key_set', 0, 'B0000000-0000-0000-0000-000000000021', DATEADD(DAY, -10, @Now), DATEADD(DAY, -10, @Now)),
    ('A0000000-0000-0000-0000-000000000023', 'D0000000-0000-0000-0000-000000000004', 'F0000000-0000-0000-0000-000000000024', NULL, N'Inactive', NULL, 0, 'B0000000-0000-0000-0000-000000000023', DATEADD(DAY, -1, @Now), DATEADD(DAY, -1, @Now)),
    -- +14155550103: one live membership per device.
    ('A0000000-0000-0000-0000-000000000003', 'D0000000-0000-0000-0000-000000000005', 'F0000000-0000-0000-0000-000000000031', @Key, N'active', N'secure_key_set', 0, 'B0000000-0000-0000-0000-000000000031', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000003', 'D0000000-0000-0000-0000-000000000006', 'F0000000-0000-0000-0000-000000000032', 0x0102030405060708, N'ACTIVE', N'Secure_Key_Set', 0, 'B0000000-0000-0000-0000-000000000032', DATEADD(DAY, -3, @Now), DATEADD(DAY, -3, @Now)),
    ('A0000000-0000-0000-0000-000000000004', 'D0000000-0000-0000-0000-000000000007', 'F0000000-0000-0000-0000-000000000004', @Key, N'active', N'secure_key_set', 0, 'B0000000-0000-0000-0000-000000000004', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now)),
    ('A0000000-0000-0000-0000-000000000005', 'D0000000-0000-0000-0000-000000000008', 'F0000000-0000-0000-0000-000000000005', @Key, N'active', NULL, 0, 'B0000000-0000-0000-0000-000000000005', DATEADD(DAY, -20, @Now), DATEADD(DAY, -20, @Now));

-- Login attempts. The legacy LoginMembership marked a lockout with an attempt whose Outcome was
-- 'LOCKED_UNTIL:' and the end time; the application logged the minutes it was told to wait.
INSERT INTO dbo.LoginAttempts (Timestamp, PhoneNumber, Outcome, IsSuccess, CreatedAt, UpdatedAt)
SELECT a.At, a.PhoneNumber, a.Outcome, a.IsSuccess, COALESCE(a.CreatedAt, a.At), COALESCE(a.CreatedAt, a.At)
FROM (VALUES
    (DATEADD(DAY, -1, @Now), N'+14155550101', N'success', CAST(1 AS BIT), CAST(NULL AS DATETIME2(7))),
    -- +14155550104: locked out now, until 30 minutes from now (longer than the legacy 5 minutes, so that
    -- the lockout outlasts the test's adoption and migration however slow the server).
    (DATEADD(SECOND, -240, @Now), N'+14155550104', N'passphrase_rejected', 0, NULL),
    (DATEADD(SECOND, -210, @Now), N'+14155550104', N'passphrase_rejected', 0, DATEADD(SECOND, -209, @Now)),
    (DATEADD(SECOND, -180, @Now), N'+14155550104', N'passphrase_rejected', 0, NULL),
    (DATEADD(SECOND, -150, @Now), N'+14155550104', N'passphrase_rejected', 0, NULL),
    (DATEADD(SECOND, -120, @Now), N'+14155550104', N'passphrase_rejected', 0, NULL),
    (DATEADD(SECOND, -90, @Now), N'+14155550104', CONCAT(N'LOCKED_UNTIL:', CONVERT(NVARCHAR(30), DATEADD(MINUTE, 30, @Now), 126)), 0, NULL),
    (DATEADD(SECOND, -60, @Now), N'+14155550104', N'31', 0, NULL),
    -- +14155550105: a lockout that ended yesterday, and a marker whose time cannot be read.
    (DATEADD(DAY, -2, @Now), N'+14155550105', N'LOCKED_UNTIL:soon', 0, NULL),
    (DATEADD(DAY, -1, @Now), N'+14155550105', CONCAT(N'LOCKED_UNTIL:', CONVERT(NVARCHAR(30), DATEADD(MINUTE, 5, DATEADD(DAY, -1, @Now)), 126)), 0, NULL),
    -- +14155550109: locked out now; the application logged a success during the lockout, which the
    -- legacy lockout check ignored.
    (DATEADD(SECOND, -120, @Now), N'+14155550109', CONCAT(N'LOCKED_UNTIL:', CONVERT(NVARCHAR(30), DATEADD(MINUTE, 30, @Now), 126)), 0, NULL),
    (DATEADD(SECOND, -60, @Now), N'+14155550109', N'passphrase_accepted', 1, NULL),
    -- An outcome the application logged that is longer than the new 50 characters.
    (DATEADD(DAY, -3, @Now), N'+14155550110', N'client_rejected_passphrase_after_three_local_retries_and_a_timeout', 0, NULL),
    (DATEADD(DAY, -3, @Now), N'+14155550110', N'phone_number_not_found', 0, NULL)
) AS a (At, PhoneNumber, Outcome, IsSuccess, CreatedAt);

-- Membership attempts. The legacy CreateMembership wrote a refused attempt's wait in minutes as its
-- Outcome and counted it as a failure; it logged 'membership_already_exists' and
-- 'secure_key_updated' as successes but only 'created' cleared the failures.
INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Timestamp, Outcome, IsSuccess, CreatedAt, UpdatedAt)
SELECT a.PhoneNumberId, a.At, a.Outcome, a.IsSuccess, a.At, a.At
FROM (VALUES
    ('A0000000-0000-0000-0000-000000000001', DATEADD(DAY, -20, @Now), N'created', CAST(1 AS BIT)),
    ('A0000000-0000-0000-0000-000000000001', DATEADD(DAY, -20, @Now), N'secure_key_updated', 1),
    ('A0000000-0000-0000-0000-000000000021', DATEADD(DAY, -10, @Now), N'created', 1),
    ('A0000000-0000-0000-0000-000000000022', DATEADD(DAY, -2, @Now), N'verification_flow_not_found', 0),
    -- +14155550107: rate-limited now by five failures of the last hour; a success between them that
    -- the legacy count did not reset on; two refusals with their wait in minutes.
    ('A0000000-0000-0000-0000-000000000007', DATEADD(DAY, -3, @Now), N'created', 1),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(MINUTE, -50, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(MINUTE, -48, @Now), N'membership_already_exists', 1),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(MINUTE, -46, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(MINUTE, -45, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(MINUTE, -44, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(MINUTE, -43, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(MINUTE, -40, @Now), N'50', 0),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(MINUTE, -39, @Now), N'49', 0),
    ('A0000000-0000-0000-0000-000000000007', DATEADD(DAY, -5, @Now), N'client_gave_up_waiting_for_the_sms_before_the_flow_expired_twice', 0),
    -- +14155550108: rate-limited now only by its refusals (its five failures left the hour), which the
    -- legacy count kept counting.
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -80, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -79, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -78, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -77, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -76, @Now), N'verification_flow_not_found', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -58, @Now), N'38', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -50, @Now), N'30', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -40, @Now), N'20', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -30, @Now), N'10', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -20, @Now), N'1', 0),
    ('A0000000-0000-0000-0000-000000000008', DATEADD(MINUTE, -10, @Now), N'12', 0)
) AS a (PhoneNumberId, At, Outcome, IsSuccess);

INSERT INTO dbo.EventLog (EventType, Message, CreatedAt)
VALUES
    (N'deployment', N'Schema scripts 01-04 applied.', DATEADD(DAY, -90, @Now)),
    (N'maintenance', N'Index rebuild.', DATEADD(DAY, -30, @Now));

-- Bulk: 40 registered members without a conflict, each with its device, phone, verified flow,
-- verified OTP, membership, a login and the attempts of its registration; every fourth with a failed
-- OTP check, every fifth with a failed login before its success.
DECLARE @i INT = 1;
DECLARE @Tag NVARCHAR(12);
DECLARE @At DATETIME2(7);
WHILE @i <= 40
BEGIN
    SET @Tag = RIGHT(N'000000000000' + CAST(@i AS NVARCHAR(12)), 12);
    SET @At = DATEADD(HOUR, -6 * @i, @Now);

    INSERT INTO dbo.AppDevices (AppInstanceId, DeviceId, DeviceType, UniqueId, CreatedAt, UpdatedAt)
    VALUES (CAST(N'A1000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), CAST(N'DE000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER),
            1 + @i % 2, CAST(N'D0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), @At, @At);

    INSERT INTO dbo.PhoneNumbers (PhoneNumber, Region, UniqueId, CreatedAt, UpdatedAt)
    VALUES (N'+1415556' + RIGHT(N'0000' + CAST(@i AS NVARCHAR(4)), 4), N'US', CAST(N'A0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), @At, @At);

    INSERT INTO dbo.PhoneNumberDevices (PhoneNumberId, AppDeviceId, IsPrimary, CreatedAt, UpdatedAt)
    VALUES (CAST(N'A0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), CAST(N'D0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), 1, @At, @At);

    INSERT INTO dbo.VerificationFlows (PhoneNumberId, AppDeviceId, Status, Purpose, ExpiresAt, OtpCount, ConnectionId, UniqueId, CreatedAt, UpdatedAt)
    SELECT p.Id, CAST(N'D0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), N'verified', N'registration', DATEADD(HOUR, 24, @At),
           1, 1000 + @i, CAST(N'F0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), @At, @At
    FROM dbo.PhoneNumbers AS p
    WHERE p.UniqueId = CAST(N'A0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER);

    INSERT INTO dbo.OtpRecords (FlowUniqueId, PhoneNumberId, OtpHash, OtpSalt, ExpiresAt, Status, IsActive, UniqueId, CreatedAt, UpdatedAt)
    SELECT f.UniqueId, f.PhoneNumberId, N'legacy-hash-bulk-' + @Tag, N'legacy-salt-bulk-' + @Tag, DATEADD(MINUTE, 5, @At), N'verified', 0,
           CAST(N'C0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), @At, @At
    FROM dbo.VerificationFlows AS f
    WHERE f.UniqueId = CAST(N'F0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER);

    IF @i % 4 = 0
        INSERT INTO dbo.FailedOtpAttempts (OtpUniqueId, FlowUniqueId, AttemptTime, CreatedAt, UpdatedAt)
        VALUES (CAST(N'C0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), CAST(N'F0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), @At, @At, @At);

    INSERT INTO dbo.Memberships (PhoneNumberId, AppDeviceId, VerificationFlowId, SecureKey, Status, CreationStatus, UniqueId, CreatedAt, UpdatedAt)
    VALUES (CAST(N'A0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), CAST(N'D0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER),
            CAST(N'F0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), @Key, N'active', N'secure_key_set',
            CAST(N'B0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), @At, @At);

    INSERT INTO dbo.MembershipAttempts (PhoneNumberId, Timestamp, Outcome, IsSuccess, CreatedAt, UpdatedAt)
    VALUES (CAST(N'A0000000-0000-0000-0001-' + @Tag AS UNIQUEIDENTIFIER), @At, N'created', 1, @At, @At);

    IF @i % 5 = 0
        INSERT INTO dbo.LoginAttempts (Timestamp, PhoneNumber, Outcome, IsSuccess, CreatedAt, UpdatedAt)
        VALUES (DATEADD(MINUTE, 1, @At), N'+1415556' + RIGHT(N'0000' + CAST(@i AS NVARCHAR(4)), 4), N'secure_key_not_set', 0,
                DATEADD(MINUTE, 1, @At), DATEADD(MINUTE, 1, @At));

    INSERT INTO dbo.LoginAttempts (Timestamp, PhoneNumber, Outcome, IsSuccess, CreatedAt, UpdatedAt)
    VALUES (DATEADD(MINUTE, 2, @At), N'+1415556' + RIGHT(N'0000' + CAST(@i AS NVARCHAR(4)), 4), N'success', 1,
            DATEADD(MINUTE, 2, @At), DATEADD(MINUTE, 2, @At));

    SET @i = @i + 1;
END;
GO
