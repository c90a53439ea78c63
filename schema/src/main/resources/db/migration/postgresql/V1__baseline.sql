-- EcliptixMemberships, PostgreSQL 15: the baseline of what holds data (contract version 1).
-- Contract: ../shared/CONTRACT.md; project decisions: docs/schema-decisions.md.
-- Versioned migrations hold tables, keys, constraints, indexes and the configuration seed; routines
-- and triggers are repeatable migrations (R__*.sql). Released versions are never edited: a change
-- is a new version (MigrationChecksumsTest holds the released checksums).
-- Every object is schema-qualified: Flyway runs with search_path set to schema "flyway".

CREATE SCHEMA dbo;
CREATE SCHEMA ecliptix_internal;

-- The database clock in UTC, read fresh per call (clock_timestamp, not now()). It lives here, not in
-- a repeatable migration, because column defaults depend on it.
CREATE FUNCTION ecliptix_internal.utc_now()
RETURNS timestamp(6)
LANGUAGE sql
VOLATILE
AS $$
    SELECT (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(6)
$$;

-- The shared BEFORE UPDATE trigger body: keeps "UpdatedAt" current. It only changes NEW, so it never
-- fires another UPDATE and cannot recurse. The triggers themselves are repeatable migrations; this
-- function lives here because they, and the trigger of a table a later version adds, depend on it.
CREATE FUNCTION ecliptix_internal.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW."UpdatedAt" := ecliptix_internal.utc_now();
    RETURN NEW;
END;
$$;

-- ---------------------------------------------------------------------------
-- AppDevices
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."AppDevices" (
    "Id"            bigint GENERATED ALWAYS AS IDENTITY,
    "AppInstanceId" uuid         NOT NULL,
    "DeviceId"      uuid         NOT NULL,
    "DeviceType"    integer      NOT NULL DEFAULT 1,
    "IsDeleted"     boolean      NOT NULL DEFAULT false,
    "UniqueId"      uuid         NOT NULL DEFAULT gen_random_uuid(),
    "CreatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_AppDevices" PRIMARY KEY ("Id"),
    CONSTRAINT "UQ_AppDevices_UniqueId" UNIQUE ("UniqueId")
);

-- One live row per DeviceId (also the DeviceId lookup).
CREATE UNIQUE INDEX "UX_AppDevices_Live"
    ON dbo."AppDevices" ("DeviceId")
    WHERE NOT "IsDeleted";

-- ---------------------------------------------------------------------------
-- PhoneNumbers
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."PhoneNumbers" (
    "Id"          bigint GENERATED ALWAYS AS IDENTITY,
    "PhoneNumber" varchar(18)  NOT NULL,
    "Region"      varchar(2)   NULL,
    "IsDeleted"   boolean      NOT NULL DEFAULT false,
    "UniqueId"    uuid         NOT NULL DEFAULT gen_random_uuid(),
    "CreatedAt"   timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"   timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_PhoneNumbers" PRIMARY KEY ("Id"),
    CONSTRAINT "UQ_PhoneNumbers_UniqueId" UNIQUE ("UniqueId")
);

-- One live row per phone number (also the phone number lookup).
CREATE UNIQUE INDEX "UX_PhoneNumbers_Live"
    ON dbo."PhoneNumbers" ("PhoneNumber")
    WHERE NOT "IsDeleted";

-- ---------------------------------------------------------------------------
-- PhoneNumberDevices
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."PhoneNumberDevices" (
    "PhoneNumberId" uuid         NOT NULL,
    "AppDeviceId"   uuid         NOT NULL,
    "IsPrimary"     boolean      NOT NULL DEFAULT false,
    "IsDeleted"     boolean      NOT NULL DEFAULT false,
    "CreatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_PhoneNumberDevices" PRIMARY KEY ("PhoneNumberId", "AppDeviceId"),
    CONSTRAINT "FK_PhoneNumberDevices_PhoneNumberId" FOREIGN KEY ("PhoneNumberId")
        REFERENCES dbo."PhoneNumbers" ("UniqueId"),
    CONSTRAINT "FK_PhoneNumberDevices_AppDeviceId" FOREIGN KEY ("AppDeviceId")
        REFERENCES dbo."AppDevices" ("UniqueId")
);

-- FK "PhoneNumberId" is served by the primary key, which starts with it.
CREATE INDEX "IX_PhoneNumberDevices_AppDeviceId"
    ON dbo."PhoneNumberDevices" ("AppDeviceId");

-- At most one live primary device per phone.
CREATE UNIQUE INDEX "UX_PhoneNumberDevices_Primary"
    ON dbo."PhoneNumberDevices" ("PhoneNumberId")
    WHERE "IsPrimary" AND NOT "IsDeleted";

-- ---------------------------------------------------------------------------
-- SystemConfiguration (no CreatedAt, no trigger: "UpdatedAt" is set by SetConfigValue)
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."SystemConfiguration" (
    "Id"          bigint GENERATED ALWAYS AS IDENTITY,
    "ConfigKey"   varchar(100) NOT NULL,
    "ConfigValue" text         NOT NULL,
    "DataType"    varchar(10)  NOT NULL,
    "Description" varchar(500) NULL,
    "Category"    varchar(50)  NULL,
    "UpdatedAt"   timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_SystemConfiguration" PRIMARY KEY ("Id"),
    CONSTRAINT "UQ_SystemConfiguration_ConfigKey" UNIQUE ("ConfigKey"),
    CONSTRAINT "CK_SystemConfiguration_DataType" CHECK ("DataType" IN ('int', 'bool', 'string'))
);

INSERT INTO dbo."SystemConfiguration" ("ConfigKey", "ConfigValue", "DataType", "Description", "Category")
VALUES
    ('Verification.MaxFlowsPerHour', '30', 'int',
     'Verification flows that may be created for one phone number in the trailing hour.', 'Verification'),
    ('Verification.FlowLifetimeMinutes', '5', 'int',
     'Minutes until a new verification flow expires.', 'Verification'),
    ('Verification.VerifiedFlowLifetimeHours', '24', 'int',
     'Hours a verified verification flow stays usable.', 'Verification'),
    ('OTP.MaxAttempts', '5', 'int',
     'OTP codes issued per flow, and failed OTP checks per flow; reaching either fails the flow.', 'OTP'),
    ('OTP.ResendCooldownSeconds', '30', 'int',
     'Minimum seconds between two OTPs of one flow.', 'OTP'),
    ('Authentication.MaxFailedAttempts', '5', 'int',
     'Failed logins for one phone number within the attempt window that start a lockout.', 'Authentication'),
    ('Authentication.AttemptWindowMinutes', '5', 'int',
     'Minutes of the sliding window in which failed logins are counted.', 'Authentication'),
    ('Authentication.LockoutDurationMinutes', '5', 'int',
     'Minutes of the first lockout; each lockout within the previous 24 hours doubles it, capped at 24 hours.', 'Authentication'),
    ('Membership.MaxFailedAttemptsPerHour', '5', 'int',
     'Failed membership creations for one phone number in the trailing hour.', 'Membership'),
    ('Schema.Version', '1', 'string',
     'The schema version the versioned migrations reached; set by each of them. The API checks it on connect.', 'Schema');

-- ---------------------------------------------------------------------------
-- EventLog (security events; no UpdatedAt, no trigger)
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."EventLog" (
    "Id"        bigint GENERATED ALWAYS AS IDENTITY,
    "EventType" varchar(50)  NOT NULL,
    "Message"   text         NOT NULL,
    "CreatedAt" timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_EventLog" PRIMARY KEY ("Id")
);

-- ---------------------------------------------------------------------------
-- VerificationFlows
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."VerificationFlows" (
    "Id"            bigint GENERATED ALWAYS AS IDENTITY,
    "PhoneNumberId" bigint       NOT NULL,
    "AppDeviceId"   uuid         NOT NULL,
    "Status"        varchar(20)  NOT NULL DEFAULT 'pending',
    "Purpose"       varchar(30)  NOT NULL DEFAULT 'unspecified',
    "ExpiresAt"     timestamp(6) NOT NULL,
    "OtpCount"      smallint     NOT NULL DEFAULT 0,
    "ConnectionId"  bigint       NULL,
    "IsDeleted"     boolean      NOT NULL DEFAULT false,
    "UniqueId"      uuid         NOT NULL DEFAULT gen_random_uuid(),
    "CreatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_VerificationFlows" PRIMARY KEY ("Id"),
    CONSTRAINT "UQ_VerificationFlows_UniqueId" UNIQUE ("UniqueId"),
    CONSTRAINT "FK_VerificationFlows_PhoneNumberId" FOREIGN KEY ("PhoneNumberId")
        REFERENCES dbo."PhoneNumbers" ("Id"),
    CONSTRAINT "FK_VerificationFlows_AppDeviceId" FOREIGN KEY ("AppDeviceId")
        REFERENCES dbo."AppDevices" ("UniqueId"),
    CONSTRAINT "CK_VerificationFlows_Status"
        CHECK ("Status" IN ('pending', 'verified', 'expired', 'failed')),
    CONSTRAINT "CK_VerificationFlows_Purpose"
        CHECK ("Purpose" IN ('unspecified', 'registration', 'login', 'password_recovery', 'update_phone')),
    CONSTRAINT "CK_VerificationFlows_OtpCount" CHECK ("OtpCount" >= 0)
);

-- Flows per phone per hour (Verification.MaxFlowsPerHour); also the FK "PhoneNumberId".
CREATE INDEX "IX_VerificationFlows_PhoneNumberId_CreatedAt"
    ON dbo."VerificationFlows" ("PhoneNumberId", "CreatedAt");

-- Verified/pending flow of a (device, phone, purpose); also the FK "AppDeviceId".
CREATE INDEX "IX_VerificationFlows_AppDeviceId_PhoneNumberId_Purpose"
    ON dbo."VerificationFlows" ("AppDeviceId", "PhoneNumberId", "Purpose");

-- At most one live pending flow per (device, phone, purpose).
CREATE UNIQUE INDEX "UX_VerificationFlows_Pending"
    ON dbo."VerificationFlows" ("AppDeviceId", "PhoneNumberId", "Purpose")
    WHERE "Status" = 'pending' AND NOT "IsDeleted";

-- ---------------------------------------------------------------------------
-- OtpRecords
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."OtpRecords" (
    "Id"            bigint GENERATED ALWAYS AS IDENTITY,
    "FlowUniqueId"  uuid         NOT NULL,
    "PhoneNumberId" bigint       NOT NULL,
    "OtpHash"       varchar(255) NOT NULL,
    "OtpSalt"       varchar(255) NOT NULL,
    "ExpiresAt"     timestamp(6) NOT NULL,
    "Status"        varchar(20)  NOT NULL DEFAULT 'pending',
    "IsActive"      boolean      NOT NULL DEFAULT true,
    "IsDeleted"     boolean      NOT NULL DEFAULT false,
    "UniqueId"      uuid         NOT NULL DEFAULT gen_random_uuid(),
    "CreatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_OtpRecords" PRIMARY KEY ("Id"),
    CONSTRAINT "UQ_OtpRecords_UniqueId" UNIQUE ("UniqueId"),
    CONSTRAINT "FK_OtpRecords_FlowUniqueId" FOREIGN KEY ("FlowUniqueId")
        REFERENCES dbo."VerificationFlows" ("UniqueId"),
    CONSTRAINT "FK_OtpRecords_PhoneNumberId" FOREIGN KEY ("PhoneNumberId")
        REFERENCES dbo."PhoneNumbers" ("Id"),
    CONSTRAINT "CK_OtpRecords_Status"
        CHECK ("Status" IN ('pending', 'verified', 'expired', 'failed'))
);

-- Latest OTP of a flow (resend cooldown); also the FK "FlowUniqueId".
CREATE INDEX "IX_OtpRecords_FlowUniqueId_CreatedAt"
    ON dbo."OtpRecords" ("FlowUniqueId", "CreatedAt");

CREATE INDEX "IX_OtpRecords_PhoneNumberId"
    ON dbo."OtpRecords" ("PhoneNumberId");

-- At most one live active OTP per flow.
CREATE UNIQUE INDEX "UX_OtpRecords_Active"
    ON dbo."OtpRecords" ("FlowUniqueId")
    WHERE "IsActive" AND NOT "IsDeleted";

-- ---------------------------------------------------------------------------
-- FailedOtpAttempts
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."FailedOtpAttempts" (
    "Id"           bigint GENERATED ALWAYS AS IDENTITY,
    "OtpUniqueId"  uuid         NOT NULL,
    "FlowUniqueId" uuid         NOT NULL,
    "IsDeleted"    boolean      NOT NULL DEFAULT false,
    "CreatedAt"    timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"    timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_FailedOtpAttempts" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_FailedOtpAttempts_OtpUniqueId" FOREIGN KEY ("OtpUniqueId")
        REFERENCES dbo."OtpRecords" ("UniqueId"),
    CONSTRAINT "FK_FailedOtpAttempts_FlowUniqueId" FOREIGN KEY ("FlowUniqueId")
        REFERENCES dbo."VerificationFlows" ("UniqueId")
);

-- Failed OTP checks of a flow (OTP.MaxAttempts); also the FK "FlowUniqueId".
CREATE INDEX "IX_FailedOtpAttempts_FlowUniqueId"
    ON dbo."FailedOtpAttempts" ("FlowUniqueId");

CREATE INDEX "IX_FailedOtpAttempts_OtpUniqueId"
    ON dbo."FailedOtpAttempts" ("OtpUniqueId");

-- ---------------------------------------------------------------------------
-- Memberships
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."Memberships" (
    "Id"                 bigint GENERATED ALWAYS AS IDENTITY,
    "PhoneNumberId"      uuid         NOT NULL,
    "AppDeviceId"        uuid         NOT NULL,
    "VerificationFlowId" uuid         NOT NULL,
    "SecureKey"          bytea        NULL,
    "Status"             varchar(20)  NOT NULL DEFAULT 'inactive',
    "CreationStatus"     varchar(20)  NOT NULL DEFAULT 'otp_verified',
    "IsDeleted"          boolean      NOT NULL DEFAULT false,
    "UniqueId"           uuid         NOT NULL DEFAULT gen_random_uuid(),
    "CreatedAt"          timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"          timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_Memberships" PRIMARY KEY ("Id"),
    CONSTRAINT "UQ_Memberships_UniqueId" UNIQUE ("UniqueId"),
    CONSTRAINT "FK_Memberships_PhoneNumberId" FOREIGN KEY ("PhoneNumberId")
        REFERENCES dbo."PhoneNumbers" ("UniqueId"),
    CONSTRAINT "FK_Memberships_AppDeviceId" FOREIGN KEY ("AppDeviceId")
        REFERENCES dbo."AppDevices" ("UniqueId"),
    CONSTRAINT "FK_Memberships_VerificationFlowId" FOREIGN KEY ("VerificationFlowId")
        REFERENCES dbo."VerificationFlows" ("UniqueId"),
    CONSTRAINT "CK_Memberships_Status"
        CHECK ("Status" IN ('active', 'inactive', 'blocked')),
    CONSTRAINT "CK_Memberships_CreationStatus"
        CHECK ("CreationStatus" IN ('otp_verified', 'secure_key_set', 'passphrase_set'))
);

CREATE INDEX "IX_Memberships_PhoneNumberId"
    ON dbo."Memberships" ("PhoneNumberId");

CREATE INDEX "IX_Memberships_AppDeviceId"
    ON dbo."Memberships" ("AppDeviceId");

CREATE INDEX "IX_Memberships_VerificationFlowId"
    ON dbo."Memberships" ("VerificationFlowId");

-- One live membership per phone (also the phone's membership lookup).
CREATE UNIQUE INDEX "UX_Memberships_Live"
    ON dbo."Memberships" ("PhoneNumberId")
    WHERE NOT "IsDeleted";

-- ---------------------------------------------------------------------------
-- MembershipAttempts
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."MembershipAttempts" (
    "Id"            bigint GENERATED ALWAYS AS IDENTITY,
    "PhoneNumberId" uuid         NOT NULL,
    "Outcome"       varchar(50)  NOT NULL,
    "IsSuccess"     boolean      NOT NULL,
    "IsDeleted"     boolean      NOT NULL DEFAULT false,
    "CreatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"     timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_MembershipAttempts" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_MembershipAttempts_PhoneNumberId" FOREIGN KEY ("PhoneNumberId")
        REFERENCES dbo."PhoneNumbers" ("UniqueId")
);

-- Failed membership creations per phone per hour, and the latest success; also the FK.
CREATE INDEX "IX_MembershipAttempts_PhoneNumberId_CreatedAt"
    ON dbo."MembershipAttempts" ("PhoneNumberId", "CreatedAt");

-- ---------------------------------------------------------------------------
-- LoginAttempts
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."LoginAttempts" (
    "Id"          bigint GENERATED ALWAYS AS IDENTITY,
    "PhoneNumber" varchar(18)  NOT NULL,
    "Outcome"     varchar(50)  NOT NULL,
    "IsSuccess"   boolean      NOT NULL,
    "LockedUntil" timestamp(6) NULL,
    "CreatedAt"   timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    "UpdatedAt"   timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_LoginAttempts" PRIMARY KEY ("Id")
);

-- Login failures in the window, the latest success and lockouts of one phone number.
CREATE INDEX "IX_LoginAttempts_PhoneNumber_CreatedAt"
    ON dbo."LoginAttempts" ("PhoneNumber", "CreatedAt");
