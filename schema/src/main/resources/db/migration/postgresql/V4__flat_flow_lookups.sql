-- EcliptixMemberships, PostgreSQL 15: version 4, an index that keeps InitiateVerificationFlow flat in
-- the history of one (device, phone, purpose). Its lookup of the triple's live verified flow read every
-- flow the triple ever had (IX_VerificationFlows_AppDeviceId_PhoneNumberId_Purpose) and filtered them;
-- a device that keeps starting flows for one phone made each further start slower. This index holds
-- only verified flows, newest expiry last, so the lookup reads one entry.

CREATE INDEX "IX_VerificationFlows_Verified"
    ON dbo."VerificationFlows" ("AppDeviceId", "PhoneNumberId", "Purpose", "ExpiresAt")
    WHERE "Status" = 'verified' AND NOT "IsDeleted";

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo."SystemConfiguration" AS c
SET "ConfigValue" = '4',
    "UpdatedAt" = ecliptix_internal.utc_now()
WHERE c."ConfigKey" = 'Schema.Version';
