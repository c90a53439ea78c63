-- EcliptixMemberships, SQL Server 2019+: what contract version 2 adds to tables, keys and configuration.
-- Sessions (AuthenticationContexts), the indexes that keep each limit check flat in one subject's own
-- history and let the retention cleanup range by age, and the new configuration keys.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- ---------------------------------------------------------------------------
-- AuthenticationContexts: sessions after a login. Only the SHA-256 of a session token is stored.
-- ---------------------------------------------------------------------------

CREATE TABLE dbo.AuthenticationContexts
(
    Id                 BIGINT IDENTITY(1,1) NOT NULL,
    MembershipUniqueId UNIQUEIDENTIFIER     NOT NULL,
    AppDeviceId        UNIQUEIDENTIFIER     NOT NULL,
    ContextTokenHash   NVARCHAR(64) COLLATE Latin1_General_BIN2 NOT NULL,
    ExpiresAt          DATETIME2(7)         NOT NULL,
    LastUsedAt         DATETIME2(7)         NULL,
    IsActive           BIT                  NOT NULL CONSTRAINT DF_AuthenticationContexts_IsActive DEFAULT (1),
    EndReason          NVARCHAR(20) COLLATE Latin1_General_BIN2 NULL,
    UniqueId           UNIQUEIDENTIFIER     NOT NULL CONSTRAINT DF_AuthenticationContexts_UniqueId DEFAULT (NEWID()),
    CreatedAt          DATETIME2(7)         NOT NULL CONSTRAINT DF_AuthenticationContexts_CreatedAt DEFAULT (SYSUTCDATETIME()),
    UpdatedAt          DATETIME2(7)         NOT NULL CONSTRAINT DF_AuthenticationContexts_UpdatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_AuthenticationContexts PRIMARY KEY CLUSTERED (Id),
    CONSTRAINT UQ_AuthenticationContexts_UniqueId UNIQUE NONCLUSTERED (UniqueId),
    CONSTRAINT UQ_AuthenticationContexts_ContextTokenHash UNIQUE NONCLUSTERED (ContextTokenHash),
    CONSTRAINT FK_AuthenticationContexts_MembershipUniqueId FOREIGN KEY (MembershipUniqueId)
        REFERENCES dbo.Memberships (UniqueId),
    CONSTRAINT FK_AuthenticationContexts_AppDeviceId FOREIGN KEY (AppDeviceId)
        REFERENCES dbo.AppDevices (UniqueId),
    -- An active session has no end reason; an ended one has exactly one of the four.
    CONSTRAINT CK_AuthenticationContexts_EndReason
        CHECK ((IsActive = 1 AND EndReason IS NULL)
               OR (IsActive = 0 AND EndReason IN (N'expired', N'logged_out', N'replaced', N'revoked')))
);

CREATE NONCLUSTERED INDEX IX_AuthenticationContexts_MembershipUniqueId
    ON dbo.AuthenticationContexts (MembershipUniqueId);

CREATE NONCLUSTERED INDEX IX_AuthenticationContexts_AppDeviceId
    ON dbo.AuthenticationContexts (AppDeviceId);

-- The active sessions of one membership, oldest first (Authentication.MaxContextsPerMembership).
CREATE NONCLUSTERED INDEX IX_AuthenticationContexts_MembershipUniqueId_CreatedAt
    ON dbo.AuthenticationContexts (MembershipUniqueId, CreatedAt)
    WHERE IsActive = 1;

-- Ended sessions by the time they ended (Retention.EndedContextDays).
CREATE NONCLUSTERED INDEX IX_AuthenticationContexts_Ended
    ON dbo.AuthenticationContexts (UpdatedAt)
    WHERE IsActive = 0;
GO

-- Its UpdatedAt trigger is created here, with the table, and not in R__session.sql like every other
-- trigger: Flyway applies repeatable migrations at any target version, the baseline included, so
-- they may only create objects on tables that exist from the baseline on.
CREATE TRIGGER dbo.TRG_AuthenticationContexts_Update
ON dbo.AuthenticationContexts
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    -- Its own UPDATE below must not fire it again (RECURSIVE_TRIGGERS may be ON). These UpdatedAt
    -- triggers are the schema's only triggers, so any nesting is that recursion.
    IF TRIGGER_NESTLEVEL() > 1
        RETURN;

    UPDATE dbo.AuthenticationContexts
    SET UpdatedAt = SYSUTCDATETIME()
    WHERE Id IN (SELECT i.Id FROM inserted AS i);
END;

-- ---------------------------------------------------------------------------
-- Limit checks read only the rows they count, so a phone hammered with attempts does not make its
-- own next check slower; the retention cleanup ranges by age.
-- ---------------------------------------------------------------------------

-- Counted login failures of a phone (Authentication.MaxFailedAttempts).
CREATE NONCLUSTERED INDEX IX_LoginAttempts_Failures
    ON dbo.LoginAttempts (PhoneNumber, CreatedAt)
    WHERE IsSuccess = 0 AND Outcome <> N'locked_out';

-- The latest successful login of a phone (failures and lockouts count only after it).
CREATE NONCLUSTERED INDEX IX_LoginAttempts_Successes
    ON dbo.LoginAttempts (PhoneNumber, CreatedAt)
    WHERE IsSuccess = 1;

-- Lockouts of a phone (the running one, and the doubling within 24 hours).
CREATE NONCLUSTERED INDEX IX_LoginAttempts_Lockouts
    ON dbo.LoginAttempts (PhoneNumber, CreatedAt)
    WHERE LockedUntil IS NOT NULL;

-- Counted membership creation failures of a phone (Membership.MaxFailedAttemptsPerHour).
CREATE NONCLUSTERED INDEX IX_MembershipAttempts_Failures
    ON dbo.MembershipAttempts (PhoneNumberId, CreatedAt)
    WHERE IsSuccess = 0 AND Outcome <> N'rate_limited';

-- The latest successful membership creation of a phone.
CREATE NONCLUSTERED INDEX IX_MembershipAttempts_Successes
    ON dbo.MembershipAttempts (PhoneNumberId, CreatedAt)
    WHERE IsSuccess = 1;

-- Retention cleanup, oldest first (Retention.AttemptLogDays, EventLogDays, EndedFlowDays).
CREATE NONCLUSTERED INDEX IX_LoginAttempts_CreatedAt
    ON dbo.LoginAttempts (CreatedAt);

CREATE NONCLUSTERED INDEX IX_MembershipAttempts_CreatedAt
    ON dbo.MembershipAttempts (CreatedAt);

CREATE NONCLUSTERED INDEX IX_EventLog_CreatedAt
    ON dbo.EventLog (CreatedAt);

CREATE NONCLUSTERED INDEX IX_VerificationFlows_Ended
    ON dbo.VerificationFlows (ExpiresAt)
    WHERE Status <> N'pending';

-- ---------------------------------------------------------------------------
-- Configuration keys of contract version 2
-- ---------------------------------------------------------------------------

INSERT INTO dbo.SystemConfiguration (ConfigKey, ConfigValue, DataType, Description, Category)
VALUES
    (N'Authentication.ContextLifetimeHours', N'24', N'int',
     N'Hours a session stays valid after its creation and after each refresh.', N'Authentication'),
    (N'Authentication.MaxContextsPerMembership', N'5', N'int',
     N'Active sessions of one membership; a new one beyond it ends the oldest.', N'Authentication'),
    (N'Retention.AttemptLogDays', N'30', N'int',
     N'Days after which login and membership attempts may be deleted (at least 1).', N'Retention'),
    (N'Retention.EventLogDays', N'90', N'int',
     N'Days after which security events may be deleted (at least 1).', N'Retention'),
    (N'Retention.EndedFlowDays', N'30', N'int',
     N'Days after their expiry after which ended verification flows no membership references may be deleted, with their OTPs (at least 1).', N'Retention'),
    (N'Retention.EndedContextDays', N'7', N'int',
     N'Days after which ended sessions may be deleted (at least 1).', N'Retention');
GO

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo.SystemConfiguration
SET ConfigValue = N'2',
    UpdatedAt = SYSUTCDATETIME()
WHERE ConfigKey = N'Schema.Version';
GO
