-- EcliptixMemberships, SQL Server 2019+: version 4, an index that keeps InitiateVerificationFlow flat
-- in the history of one (device, phone, purpose). Its lookup of the triple's live verified flow read
-- every flow the triple ever had (IX_VerificationFlows_AppDeviceId_PhoneNumberId_Purpose) and filtered
-- them; a device that keeps starting flows for one phone made each further start slower. This filtered
-- index holds only verified flows, newest expiry last, so the lookup reads one entry.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

CREATE NONCLUSTERED INDEX IX_VerificationFlows_Verified
    ON dbo.VerificationFlows (AppDeviceId, PhoneNumberId, Purpose, ExpiresAt)
    WHERE Status = N'verified' AND IsDeleted = 0;
GO

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo.SystemConfiguration
SET ConfigValue = N'4',
    UpdatedAt = SYSUTCDATETIME()
WHERE ConfigKey = N'Schema.Version';
GO
