-- Adoption, step 3 of 3, in the same transaction, after the baseline migration created dbo: the staged
-- rows, with their Ids, into the baseline's tables, parents before children. The legacy-only columns
-- (Timestamp, AttemptTime) stay behind; LockedUntil comes from lockout-marker.

SET NOCOUNT ON;
SET XACT_ABORT ON;
GO

SET IDENTITY_INSERT dbo.AppDevices ON;
INSERT INTO dbo.AppDevices (Id, AppInstanceId, DeviceId, DeviceType, IsDeleted, UniqueId, CreatedAt, UpdatedAt)
SELECT Id, AppInstanceId, DeviceId, DeviceType, IsDeleted, UniqueId, CreatedAt, UpdatedAt FROM #AppDevices;
SET IDENTITY_INSERT dbo.AppDevices OFF;
GO

SET IDENTITY_INSERT dbo.PhoneNumbers ON;
INSERT INTO dbo.PhoneNumbers (Id, PhoneNumber, Region, IsDeleted, UniqueId, CreatedAt, UpdatedAt)
SELECT Id, PhoneNumber, Region, IsDeleted, UniqueId, CreatedAt, UpdatedAt FROM #PhoneNumbers;
SET IDENTITY_INSERT dbo.PhoneNumbers OFF;
GO

INSERT INTO dbo.PhoneNumberDevices (PhoneNumberId, AppDeviceId, IsPrimary, IsDeleted, CreatedAt, UpdatedAt)
SELECT PhoneNumberId, AppDeviceId, IsPrimary, IsDeleted, CreatedAt, UpdatedAt FROM #PhoneNumberDevices;
GO

SET IDENTITY_INSERT dbo.VerificationFlows ON;
INSERT INTO dbo.VerificationFlows (Id, PhoneNumberId, AppDeviceId, Status, Purpose, ExpiresAt, OtpCount, ConnectionId,
                                   IsDeleted, UniqueId, CreatedAt, UpdatedAt)
SELECT Id, PhoneNumberId, AppDeviceId, Status, Purpose, ExpiresAt, OtpCount, ConnectionId,
       IsDeleted, UniqueId, CreatedAt, UpdatedAt
FROM #VerificationFlows;
SET IDENTITY_INSERT dbo.VerificationFlows OFF;
GO

SET IDENTITY_INSERT dbo.OtpRecords ON;
INSERT INTO dbo.OtpRecords (Id, FlowUniqueId, PhoneNumberId, OtpHash, OtpSalt, ExpiresAt, Status, IsActive, IsDeleted,
                            UniqueId, CreatedAt, UpdatedAt)
SELECT Id, FlowUniqueId, PhoneNumberId, OtpHash, OtpSalt, ExpiresAt, Status, IsActive, IsDeleted,
       UniqueId, CreatedAt, UpdatedAt
FROM #OtpRecords;
SET IDENTITY_INSERT dbo.OtpRecords OFF;
GO

SET IDENTITY_INSERT dbo.FailedOtpAttempts ON;
INSERT INTO dbo.FailedOtpAttempts (Id, OtpUniqueId, FlowUniqueId, IsDeleted, CreatedAt, UpdatedAt)
SELECT Id, OtpUniqueId, FlowUniqueId, IsDeleted, CreatedAt, UpdatedAt FROM #FailedOtpAttempts;
SET IDENTITY_INSERT dbo.FailedOtpAttempts OFF;
GO

SET IDENTITY_INSERT dbo.Memberships ON;
INSERT INTO dbo.Memberships (Id, PhoneNumberId, AppDeviceId, VerificationFlowId, SecureKey, Status, CreationStatus,
                             IsDeleted, UniqueId, CreatedAt, UpdatedAt)
SELECT Id, PhoneNumberId, AppDeviceId, VerificationFlowId, SecureKey, Status, CreationStatus,
       IsDeleted, UniqueId, CreatedAt, UpdatedAt
FROM #Memberships;
SET IDENTITY_INSERT dbo.Memberships OFF;
GO

SET IDENTITY_INSERT dbo.MembershipAttempts ON;
INSERT INTO dbo.MembershipAttempts (Id, PhoneNumberId, Outcome, IsSuccess, IsDeleted, CreatedAt, UpdatedAt)
SELECT Id, PhoneNumberId, Outcome, IsSuccess, IsDeleted, CreatedAt, UpdatedAt FROM #MembershipAttempts;
SET IDENTITY_INSERT dbo.MembershipAttempts OFF;
GO

SET IDENTITY_INSERT dbo.LoginAttempts ON;
INSERT INTO dbo.LoginAttempts (Id, PhoneNumber, Outcome, IsSuccess, LockedUntil, CreatedAt, UpdatedAt)
SELECT Id, PhoneNumber, Outcome, IsSuccess, LockedUntil, CreatedAt, UpdatedAt FROM #LoginAttempts;
SET IDENTITY_INSERT dbo.LoginAttempts OFF;
GO

SET IDENTITY_INSERT dbo.EventLog ON;
INSERT INTO dbo.EventLog (Id, EventType, Message, CreatedAt)
SELECT Id, EventType, Message, CreatedAt FROM #EventLog;
SET IDENTITY_INSERT dbo.EventLog OFF;
GO

-- The staging tables go with the transaction, not with the session: a pooled connection outlives it.
DROP TABLE #AdoptionClock;
DROP TABLE #AdoptionConflicts;
DROP TABLE #LivePhones;
DROP TABLE #PhoneGroups;
DROP TABLE #LinkGroups;
DROP TABLE #MembershipLimits;
DROP TABLE #AppDevices;
DROP TABLE #PhoneNumbers;
DROP TABLE #PhoneNumberDevices;
DROP TABLE #VerificationFlows;
DROP TABLE #OtpRecords;
DROP TABLE #FailedOtpAttempts;
DROP TABLE #Memberships;
DROP TABLE #MembershipAttempts;
DROP TABLE #LoginAttempts;
DROP TABLE #EventLog;
GO
