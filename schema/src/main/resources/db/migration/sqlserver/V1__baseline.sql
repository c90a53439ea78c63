-- EcliptixMemberships, SQL Server 2019+: the baseline of what holds data (contract version 1).
-- Contract: ../shared/CONTRACT.md; project decisions: docs/schema-decisions.md.
-- Versioned migrations hold tables, keys, constraints, indexes and the configuration seed; routines
-- and triggers are repeatable migrations (R__*.sql). Released versions are never edited: a change
-- is a new version. Batches are separated by GO lines. Codes compare under Latin1_General_BIN2
-- (case-sensitive, exact).

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

-- ---------------------------------------------------------------------------
-- SystemConfiguration (no CreatedAt, no trigger: UpdatedAt is set by SetConfigValue)
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.SystemConfiguration
(
    Id          BIGINT IDENTITY(1,1) NOT NULL,
    ConfigKey   NVARCHAR(100) COLLATE Latin1_General_BIN2 NOT NULL,
    ConfigValue NVARCHAR(MAX)        NOT NULL,
    DataType    NVARCHAR(10) COLLATE Latin1_General_BIN2 NOT NULL,
    Description NVARCHAR(500)        NULL,
    Category    NVARCHAR(50)         NULL,
    UpdatedAt   DATETIME2(7)         NOT NULL CONSTRAINT DF_SystemConfiguration_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_SystemConfiguration PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT UQ_SystemConfiguration_ConfigKey UNIQUE NONCLUSTERED (ConfigKey),
    CONSTRAINT CK_SystemConfiguration_DataType CHECK (DataType IN (N'int', N'bool', N'string'))
);

-- ---------------------------------------------------------------------------
-- EventLog (security events; no UpdatedAt, no trigger)
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.EventLog
(
    Id        BIGINT IDENTITY(1,1) NOT NULL,
    EventType NVARCHAR(50) COLLATE Latin1_General_BIN2 NOT NULL,
    Message   NVARCHAR(MAX)        NOT NULL,
    CreatedAt DATETIME2(7)         NOT NULL CONSTRAINT DF_EventLog_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_EventLog PRIMARY KEY CLUSTERED (Id)
);

-- ---------------------------------------------------------------------------
-- VerificationFlows
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.VerificationFlows
(
    Id            BIGINT IDENTITY(1,1) NOT NULL,
    PhoneNumberId BIGINT               NOT NULL,
    AppDeviceId   UNIQUEIDENTIFIER     NOT NULL,
    Status        NVARCHAR(20) COLLATE Latin1_General_BIN2 NOT NULL
                  CONSTRAINT DF_VerificationFlows_Status DEFAULT (N'pending'),
    Purpose       NVARCHAR(30) COLLATE Latin1_General_BIN2 NOT NULL
                  CONSTRAINT DF_VerificationFlows_Purpose DEFAULT (N'unspecified'),
    ExpiresAt     DATETIME2(7)         NOT NULL,
    OtpCount      SMALLINT             NOT NULL CONSTRAINT DF_VerificationFlows_OtpCount DEFAULT (0),
    ConnectionId  BIGINT               NULL,
    IsDeleted     BIT                  NOT NULL CONSTRAINT DF_VerificationFlows_IsDeleted DEFAULT (0),
    UniqueId      UNIQUEIDENTIFIER     NOT NULL CONSTRAINT DF_VerificationFlows_UniqueId DEFAULT (NEWID()),
    CreatedAt     DATETIME2(7)         NOT NULL CONSTRAINT DF_VerificationFlows_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt     DATETIME2(7)         NOT NULL CONSTRAINT DF_VerificationFlows_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_VerificationFlows PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT UQ_VerificationFlows_UniqueId UNIQUE NONCLUSTERED (UniqueId),
    CONSTRAINT FK_VerificationFlows_PhoneNumberId FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (Id),
    CONSTRAINT FK_VerificationFlows_AppDeviceId FOREIGN KEY (AppDeviceId)
        REFERENCES dbo.AppDevices (UniqueId),
    CONSTRAINT CK_VerificationFlows_Status
        CHECK (Status IN (N'pending', N'verified', N'expired', N'failed')),
    CONSTRAINT CK_VerificationFlows_Purpose
        CHECK (Purpose IN (N'unspecified', N'registration', N'login', N'password_recovery', N'update_phone')),
    CONSTRAINT CK_VerificationFlows_OtpCount CHECK (OtpCount >= 0)
);

-- Flows per phone per hour (Verification.MaxFlowsPerHour); also the FK PhoneNumberId.
CREATE NONCLUSTERED INDEX IX_VerificationFlows_PhoneNumberId_CreatedAt
    ON dbo.VerificationFlows (PhoneNumberId, CreatedAt);

-- Verified/pending flow of a (device, phone, purpose); also the FK AppDeviceId.
CREATE NONCLUSTERED INDEX IX_VerificationFlows_AppDeviceId_PhoneNumberId_Purpose
    ON dbo.VerificationFlows (AppDeviceId, PhoneNumberId, Purpose);

-- At most one live pending flow per (device, phone, purpose).
CREATE UNIQUE NONCLUSTERED INDEX UX_VerificationFlows_Pending
    ON dbo.VerificationFlows (AppDeviceId, PhoneNumberId, Purpose)
    WHERE Status = N'pending' AND IsDeleted = 0;

-- ---------------------------------------------------------------------------
-- OtpRecords
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.OtpRecords
(
    Id            BIGINT IDENTITY(1,1) NOT NULL,
    FlowUniqueId  UNIQUEIDENTIFIER     NOT NULL,
    PhoneNumberId BIGINT               NOT NULL,
    OtpHash       NVARCHAR(255)        NOT NULL,
    OtpSalt       NVARCHAR(255)        NOT NULL,
    ExpiresAt     DATETIME2(7)         NOT NULL,
    Status        NVARCHAR(20) COLLATE Latin1_General_BIN2 NOT NULL
                  CONSTRAINT DF_OtpRecords_Status DEFAULT (N'pending'),
    IsActive      BIT                  NOT NULL CONSTRAINT DF_OtpRecords_IsActive DEFAULT (1),
    IsDeleted     BIT                  NOT NULL CONSTRAINT DF_OtpRecords_IsDeleted DEFAULT (0),
    UniqueId      UNIQUEIDENTIFIER     NOT NULL CONSTRAINT DF_OtpRecords_UniqueId DEFAULT (NEWID()),
    CreatedAt     DATETIME2(7)         NOT NULL CONSTRAINT DF_OtpRecords_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt     DATETIME2(7)         NOT NULL CONSTRAINT DF_OtpRecords_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_OtpRecords PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT UQ_OtpRecords_UniqueId UNIQUE NONCLUSTERED (UniqueId),
    CONSTRAINT FK_OtpRecords_FlowUniqueId FOREIGN KEY (FlowUniqueId)
        REFERENCES dbo.VerificationFlows (UniqueId),
    CONSTRAINT FK_OtpRecords_PhoneNumberId FOREIGN KEY (PhoneNumberId)
        REFERENCES dbo.PhoneNumbers (Id),
    CONSTRAINT CK_OtpRecords_Status
        CHECK (Status IN (N'pending', N'verified', N'expired', N'failed'))
);

-- Latest OTP of a flow (resend cooldown); also the FK FlowUniqueId.
CREATE NONCLUSTERED INDEX IX_OtpRecords_FlowUniqueId_CreatedAt
    ON dbo.OtpRecords (FlowUniqueId, CreatedAt);

CREATE NONCLUSTERED INDEX IX_OtpRecords_PhoneNumberId
    ON dbo.OtpRecords (PhoneNumberId);

-- At most one live active OTP per flow.
CREATE UNIQUE NONCLUSTERED INDEX UX_OtpRecords_Active
    ON dbo.OtpRecords (FlowUniqueId)
    WHERE IsActive = 1 AND IsDeleted = 0;

-- ---------------------------------------------------------------------------
-- FailedOtpAttempts
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.FailedOtpAttempts
(
    Id           BIGINT IDENTITY(1,1) NOT NULL,
    OtpUniqueId  UNIQUEIDENTIFIER     NOT NULL,
    FlowUniqueId UNIQUEIDENTIFIER     NOT NULL,
    IsDeleted    BIT                  NOT NULL CONSTRAINT DF_FailedOtpAttempts_IsDeleted DEFAULT (0),
    CreatedAt    DATETIME2(7)         NOT NULL CONSTRAINT DF_FailedOtpAttempts_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt    DATETIME2(7)         NOT NULL CONSTRAINT DF_FailedOtpAttempts_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_FailedOtpAttempts PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT FK_FailedOtpAttempts_OtpUniqueId FOREIGN KEY (OtpUniqueId)
        REFERENCES dbo.OtpRecords (UniqueId),
    CONSTRAINT FK_FailedOtpAttempts_FlowUniqueId FOREIGN KEY (FlowUniqueId)
        REFERENCES dbo.VerificationFlows (UniqueId)
);

-- Failed OTP checks of a flow (OTP.MaxAttempts); also the FK FlowUniqueId.
CREATE NONCLUSTERED INDEX IX_FailedOtpAttempts_FlowUniqueId
    ON dbo.FailedOtpAttempts (FlowUniqueId);

CREATE NONCLUSTERED INDEX IX_FailedOtpAttempts_OtpUniqueId
    ON dbo.FailedOtpAttempts (OtpUniqueId);

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

-- ---------------------------------------------------------------------------
-- LoginAttempts
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.LoginAttempts
(
    Id          BIGINT IDENTITY(1,1) NOT NULL,
    PhoneNumber NVARCHAR(18)         NOT NULL,
    Outcome     NVARCHAR(50) COLLATE Latin1_General_BIN2 NOT NULL,
    IsSuccess   BIT                  NOT NULL,
    LockedUntil DATETIME2(7)         NULL,
    CreatedAt   DATETIME2(7)         NOT NULL CONSTRAINT DF_LoginAttempts_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt   DATETIME2(7)         NOT NULL CONSTRAINT DF_LoginAttempts_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_LoginAttempts PRIMARY KEY CLUSTERED (Id)
);

-- Login failures in the window, the latest success and lockouts of one phone number.
CREATE NONCLUSTERED INDEX IX_LoginAttempts_PhoneNumber_CreatedAt
    ON dbo.LoginAttempts (PhoneNumber, CreatedAt);

-- ---------------------------------------------------------------------------
-- Configuration seed: the limits of contract version 1
-- ---------------------------------------------------------------------------

INSERT INTO dbo.SystemConfiguration (ConfigKey, ConfigValue, DataType, Description, Category)
VALUES
    (N'Verification.MaxFlowsPerHour', N'30', N'int',
     N'Verification flows that may be created for one phone number in the trailing hour.', N'Verification'),
    (N'Verification.FlowLifetimeMinutes', N'5', N'int',
     N'Minutes until a new verification flow expires.', N'Verification'),
    (N'Verification.VerifiedFlowLifetimeHours', N'24', N'int',
     N'Hours a verified verification flow stays usable.', N'Verification'),
    (N'OTP.MaxAttempts', N'5', N'int',
     N'OTP codes issued per flow, and failed OTP checks per flow; reaching either fails the flow.', N'OTP'),
    (N'OTP.ResendCooldownSeconds', N'30', N'int',
     N'Minimum seconds between two OTPs of one flow.', N'OTP'),
    (N'Authentication.MaxFailedAttempts', N'5', N'int',
     N'Failed logins for one phone number within the attempt window that start a lockout.', N'Authentication'),
    (N'Authentication.AttemptWindowMinutes', N'5', N'int',
     N'Minutes of the sliding window in which failed logins are counted.', N'Authentication'),
    (N'Authentication.LockoutDurationMinutes', N'5', N'int',
     N'Minutes of the first lockout; each lockout within the previous 24 hours doubles it, capped at 24 hours.', N'Authentication'),
    (N'Membership.MaxFailedAttemptsPerHour', N'5', N'int',
     N'Failed membership creations for one phone number in the trailing hour.', N'Membership'),
    (N'Schema.Version', N'1', N'string',
     N'The schema version the versioned migrations reached; set by each of them. The API checks it on connect.', N'Schema');
GO
