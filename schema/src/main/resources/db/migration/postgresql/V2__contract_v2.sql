-- EcliptixMemberships, PostgreSQL 15: what contract version 2 adds to tables, keys and configuration.
-- Sessions (AuthenticationContexts), the indexes that keep each limit check flat in one subject's own
-- history and let the retention cleanup range by age, and the new configuration keys.

-- ---------------------------------------------------------------------------
-- AuthenticationContexts: sessions after a login. Only the SHA-256 of a session token is stored.
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."AuthenticationContexts" (
    "Id"                 bigint GENERATED ALWAYS AS IDENTITY,
    "MembershipUniqueId" uuid         NOT NULL,
    "AppDeviceId"        uuid         NOT NULL,
    "ContextTokenHash"   varchar(64)  NOT NULL,
    "ExpiresAt"          timestamp(6) NOT NULL,
    "LastUsedAt"         timestamp(6) NULL,
    "IsActive"           boolean      NOT NULL DEFAULT true,
    "EndReason"          varchar(20)  NULL,
    "UniqueId"           uuid         NOT NULL DEFAULT gen_random_uuid(),
    "CreatedAt"          timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"          timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_AuthenticationContexts" PRIMARY KEY ("Id"),
    CONSTRAINT "UQ_AuthenticationContexts_UniqueId" UNIQUE ("UniqueId"),
    CONSTRAINT "UQ_AuthenticationContexts_ContextTokenHash" UNIQUE ("ContextTokenHash"),
    CONSTRAINT "FK_AuthenticationContexts_MembershipUniqueId" FOREIGN KEY ("MembershipUniqueId")
        REFERENCES dbo."Memberships" ("UniqueId"),
    CONSTRAINT "FK_AuthenticationContexts_AppDeviceId" FOREIGN KEY ("AppDeviceId")
        REFERENCES dbo."AppDevices" ("UniqueId"),
    -- An active session has no end reason; an ended one has exactly one of the four.
    CONSTRAINT "CK_AuthenticationContexts_EndReason"
        CHECK (("IsActive" AND "EndReason" IS NULL)
               OR (NOT "IsActive" AND "EndReason" IN ('expired', 'logged_out', 'replaced', 'revoked')))
);

CREATE INDEX "IX_AuthenticationContexts_MembershipUniqueId"
    ON dbo."AuthenticationContexts" ("MembershipUniqueId");

CREATE INDEX "IX_AuthenticationContexts_AppDeviceId"
    ON dbo."AuthenticationContexts" ("AppDeviceId");

-- The active sessions of one membership, oldest first (Authentication.MaxContextsPerMembership).
CREATE INDEX "IX_AuthenticationContexts_MembershipUniqueId_CreatedAt"
    ON dbo."AuthenticationContexts" ("MembershipUniqueId", "CreatedAt")
    WHERE "IsActive";

-- Ended sessions by the time they ended (Retention.EndedContextDays).
CREATE INDEX "IX_AuthenticationContexts_Ended"
    ON dbo."AuthenticationContexts" ("UpdatedAt")
    WHERE NOT "IsActive";

-- Its UpdatedAt trigger is created here, with the table, and not in R__session.sql like every other
-- trigger: Flyway applies repeatable migrations at any target version, the baseline included, so
-- they may only create objects on tables that exist from the baseline on.
CREATE TRIGGER "TRG_AuthenticationContexts_Update"
    BEFORE UPDATE ON dbo."AuthenticationContexts"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

-- ---------------------------------------------------------------------------
-- Limit checks read only the rows they count, so a phone hammered with attempts does not make its
-- own next check slower; the retention cleanup ranges by age.
-- ---------------------------------------------------------------------------

-- Counted login failures of a phone (Authentication.MaxFailedAttempts).
CREATE INDEX "IX_LoginAttempts_Failures"
    ON dbo."LoginAttempts" ("PhoneNumber", "CreatedAt")
    WHERE NOT "IsSuccess" AND "Outcome" <> 'locked_out';

-- The latest successful login of a phone (failures and lockouts count only after it).
CREATE INDEX "IX_LoginAttempts_Successes"
    ON dbo."LoginAttempts" ("PhoneNumber", "CreatedAt")
    WHERE "IsSuccess";

-- Lockouts of a phone (the running one, and the doubling within 24 hours).
CREATE INDEX "IX_LoginAttempts_Lockouts"
    ON dbo."LoginAttempts" ("PhoneNumber", "CreatedAt")
    WHERE "LockedUntil" IS NOT NULL;

-- Counted membership creation failures of a phone (Membership.MaxFailedAttemptsPerHour).
CREATE INDEX "IX_MembershipAttempts_Failures"
    ON dbo."MembershipAttempts" ("PhoneNumberId", "CreatedAt")
    WHERE NOT "IsSuccess" AND "Outcome" <> 'rate_limited';

-- The latest successful membership creation of a phone.
CREATE INDEX "IX_MembershipAttempts_Successes"
    ON dbo."MembershipAttempts" ("PhoneNumberId", "CreatedAt")
    WHERE "IsSuccess";

-- Retention cleanup, oldest first (Retention.AttemptLogDays, EventLogDays, EndedFlowDays).
CREATE INDEX "IX_LoginAttempts_CreatedAt"
    ON dbo."LoginAttempts" ("CreatedAt");

CREATE INDEX "IX_MembershipAttempts_CreatedAt"
    ON dbo."MembershipAttempts" ("CreatedAt");

CREATE INDEX "IX_EventLog_CreatedAt"
    ON dbo."EventLog" ("CreatedAt");

CREATE INDEX "IX_VerificationFlows_Ended"
    ON dbo."VerificationFlows" ("ExpiresAt")
    WHERE "Status" <> 'pending';

-- ---------------------------------------------------------------------------
-- Configuration keys of contract version 2
-- ---------------------------------------------------------------------------

INSERT INTO dbo."SystemConfiguration" ("ConfigKey", "ConfigValue", "DataType", "Description", "Category")
VALUES
    ('Authentication.ContextLifetimeHours', '24', 'int',
     'Hours a session stays valid after its creation and after each refresh.', 'Authentication'),
    ('Authentication.MaxContextsPerMembership', '5', 'int',
     'Active sessions of one membership; a new one beyond it ends the oldest.', 'Authentication'),
    ('Retention.AttemptLogDays', '30', 'int',
     'Days after which login and membership attempts may be deleted (at least 1).', 'Retention'),
    ('Retention.EventLogDays', '90', 'int',
     'Days after which security events may be deleted (at least 1).', 'Retention'),
    ('Retention.EndedFlowDays', '30', 'int',
     'Days after their expiry after which ended verification flows no membership references may be deleted, with their OTPs (at least 1).', 'Retention'),
    ('Retention.EndedContextDays', '7', 'int',
     'Days after which ended sessions may be deleted (at least 1).', 'Retention');

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo."SystemConfiguration" AS c
SET "ConfigValue" = '2',
    "UpdatedAt" = ecliptix_internal.utc_now()
WHERE c."ConfigKey" = 'Schema.Version';
