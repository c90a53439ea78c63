-- EcliptixMemberships, PostgreSQL 15: verification flows and OTPs.
--
-- Row locks are taken with FOR NO KEY UPDATE: it serialises every routine that locks the same
-- row exactly like FOR UPDATE, but (like SQL Server's UPDLOCK) it does not block the FOR KEY SHARE
-- locks that foreign-key checks take on the referenced row, so inserting a child row (an OTP of
-- another flow of the phone, a membership of the flow) never waits on, or deadlocks with, it.

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

CREATE TRIGGER "TRG_VerificationFlows_Update"
    BEFORE UPDATE ON dbo."VerificationFlows"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

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

CREATE TRIGGER "TRG_OtpRecords_Update"
    BEFORE UPDATE ON dbo."OtpRecords"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

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

CREATE TRIGGER "TRG_FailedOtpAttempts_Update"
    BEFORE UPDATE ON dbo."FailedOtpAttempts"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

-- ---------------------------------------------------------------------------
-- Helpers shared by the verification routines. Their callers hold the flow's row lock.
-- ---------------------------------------------------------------------------

-- Ends a pending flow as expired or failed; its active OTP expires with it.
CREATE FUNCTION ecliptix_internal.end_flow(p_flow_id uuid, p_status text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE dbo."VerificationFlows" AS f
    SET "Status" = p_status
    WHERE f."UniqueId" = p_flow_id;

    UPDATE dbo."OtpRecords" AS o
    SET "Status" = 'expired',
        "IsActive" = false
    WHERE o."FlowUniqueId" = p_flow_id
      AND o."IsActive"
      AND o."Status" = 'pending'
      AND NOT o."IsDeleted";
END;
$$;

-- Why a live pending flow may not get a new OTP now, or NULL when it may; the check that
-- RequestResendOtp and InsertOtpRecord share. Past its ExpiresAt the flow becomes expired
-- ('flow_expired'); with OTP.MaxAttempts OTPs issued it becomes failed ('max_otp_attempts_reached');
-- within OTP.ResendCooldownSeconds of its latest OTP it is 'resend_cooldown_active' with the seconds
-- to wait.
CREATE FUNCTION ecliptix_internal.otp_issue_refusal(
    p_flow_id uuid, p_expires_at timestamp(6), p_otp_count integer,
    OUT outcome text, OUT retry_after_seconds integer)
LANGUAGE plpgsql
AS $$
DECLARE
    v_now         timestamp(6) := ecliptix_internal.utc_now();
    v_cooldown    integer := ecliptix_internal.config_int('OTP.ResendCooldownSeconds', 30);
    v_last_otp_at timestamp(6);
BEGIN
    IF p_expires_at <= v_now THEN
        PERFORM ecliptix_internal.end_flow(p_flow_id, 'expired');
        outcome := 'flow_expired';
        RETURN;
    END IF;

    IF p_otp_count >= ecliptix_internal.config_int('OTP.MaxAttempts', 5) THEN
        PERFORM ecliptix_internal.end_flow(p_flow_id, 'failed');
        outcome := 'max_otp_attempts_reached';
        RETURN;
    END IF;

    SELECT o."CreatedAt" INTO v_last_otp_at
    FROM dbo."OtpRecords" AS o
    WHERE o."FlowUniqueId" = p_flow_id
      AND NOT o."IsDeleted"
    ORDER BY o."CreatedAt" DESC
    LIMIT 1;

    IF v_last_otp_at + make_interval(secs => v_cooldown) > v_now THEN
        retry_after_seconds := GREATEST(1, CEILING(EXTRACT(EPOCH FROM
            (v_last_otp_at + make_interval(secs => v_cooldown) - v_now))))::integer;
        outcome := 'resend_cooldown_active';
    END IF;
END;
$$;

-- ---------------------------------------------------------------------------
-- GetFullFlowState: one row for a live flow (with its active unexpired OTP, or NULLs), else none.
-- ---------------------------------------------------------------------------

CREATE FUNCTION dbo."GetFullFlowState"(
    "FlowUniqueId" uuid
)
RETURNS TABLE (
    "UniqueId" uuid,
    "PhoneNumberUniqueId" uuid,
    "AppDeviceId" uuid,
    "ConnectionId" bigint,
    "ExpiresAt" timestamp(6),
    "Status" varchar(20),
    "Purpose" varchar(30),
    "OtpCount" smallint,
    "OtpUniqueId" uuid,
    "OtpExpiresAt" timestamp(6),
    "OtpStatus" varchar(20)
)
LANGUAGE sql STABLE
AS $$
    SELECT f."UniqueId",
           p."UniqueId",
           f."AppDeviceId",
           f."ConnectionId",
           f."ExpiresAt",
           f."Status",
           f."Purpose",
           f."OtpCount",
           o."UniqueId",
           o."ExpiresAt",
           o."Status"
    FROM dbo."VerificationFlows" AS f
    JOIN dbo."PhoneNumbers" AS p
      ON p."Id" = f."PhoneNumberId"
    LEFT JOIN dbo."OtpRecords" AS o
      ON o."FlowUniqueId" = f."UniqueId"
     AND o."IsActive"
     AND NOT o."IsDeleted"
     AND o."ExpiresAt" > ecliptix_internal.utc_now()
    WHERE f."UniqueId" = "GetFullFlowState"."FlowUniqueId"
      AND NOT f."IsDeleted"
$$;

-- ---------------------------------------------------------------------------
-- InitiateVerificationFlow
--   invalid_purpose | phone_not_found | device_not_found | verified | retrieved
--   | rate_limited | created
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."InitiateVerificationFlow"(
    "AppDeviceId" uuid,
    "PhoneNumberUniqueId" uuid,
    "Purpose" varchar,
    "ConnectionId" bigint,
    INOUT "FlowUniqueId" uuid DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_app_device_id   uuid   := "AppDeviceId";
    p_phone_unique_id uuid   := "PhoneNumberUniqueId";
    p_purpose         text   := "Purpose";
    p_connection_id   bigint := "ConnectionId";
    v_phone_id        bigint;
    v_phone_number    text;
    v_now             timestamp(6);
    v_flow_id         uuid;
    v_max_flows       integer;
    v_lifetime        integer;
    v_count           integer;
BEGIN
    "FlowUniqueId" := NULL;
    "Outcome" := NULL;

    IF p_purpose IS NULL
       OR p_purpose NOT IN ('unspecified', 'registration', 'login', 'password_recovery', 'update_phone') THEN
        "Outcome" := 'invalid_purpose';
        RETURN;
    END IF;

    -- LOCK: the phone's row. Guards Verification.MaxFlowsPerHour and the one-live-pending-flow
    -- per (device, phone, purpose) rule: every flow creation for this phone waits here.
    SELECT p."Id", p."PhoneNumber" INTO v_phone_id, v_phone_number
    FROM dbo."PhoneNumbers" AS p
    WHERE p."UniqueId" = p_phone_unique_id
      AND NOT p."IsDeleted"
    FOR NO KEY UPDATE;

    IF v_phone_id IS NULL THEN
        "Outcome" := 'phone_not_found';
        RETURN;
    END IF;

    IF p_app_device_id IS NULL OR NOT EXISTS (
        SELECT 1
        FROM dbo."AppDevices" AS d
        WHERE d."UniqueId" = p_app_device_id
          AND NOT d."IsDeleted"
    ) THEN
        "Outcome" := 'device_not_found';
        RETURN;
    END IF;

    v_now := ecliptix_internal.utc_now();

    -- A live verified flow of the triple that is still usable.
    SELECT f."UniqueId" INTO v_flow_id
    FROM dbo."VerificationFlows" AS f
    WHERE f."AppDeviceId" = p_app_device_id
      AND f."PhoneNumberId" = v_phone_id
      AND f."Purpose" = p_purpose
      AND f."Status" = 'verified'
      AND NOT f."IsDeleted"
      AND f."ExpiresAt" > v_now
    ORDER BY f."ExpiresAt" DESC
    LIMIT 1;

    IF v_flow_id IS NOT NULL THEN
        "FlowUniqueId" := v_flow_id;
        "Outcome" := 'verified';
        RETURN;
    END IF;

    -- Pending flows of the triple that are past ExpiresAt become expired (with their active OTP).
    WITH expired_flows AS (
        UPDATE dbo."VerificationFlows" AS f
        SET "Status" = 'expired'
        WHERE f."AppDeviceId" = p_app_device_id
          AND f."PhoneNumberId" = v_phone_id
          AND f."Purpose" = p_purpose
          AND f."Status" = 'pending'
          AND NOT f."IsDeleted"
          AND f."ExpiresAt" <= v_now
        RETURNING f."UniqueId"
    )
    UPDATE dbo."OtpRecords" AS o
    SET "Status" = 'expired',
        "IsActive" = false
    FROM expired_flows AS e
    WHERE o."FlowUniqueId" = e."UniqueId"
      AND o."IsActive"
      AND o."Status" = 'pending'
      AND NOT o."IsDeleted";

    -- The live pending flow of the triple (unexpired now); its ConnectionId is not changed.
    SELECT f."UniqueId" INTO v_flow_id
    FROM dbo."VerificationFlows" AS f
    WHERE f."AppDeviceId" = p_app_device_id
      AND f."PhoneNumberId" = v_phone_id
      AND f."Purpose" = p_purpose
      AND f."Status" = 'pending'
      AND NOT f."IsDeleted";

    IF v_flow_id IS NOT NULL THEN
        "FlowUniqueId" := v_flow_id;
        "Outcome" := 'retrieved';
        RETURN;
    END IF;

    -- Verification.MaxFlowsPerHour (guarded by the phone row lock above): every live flow of the
    -- phone created in the trailing hour counts, whatever its status.
    v_max_flows := ecliptix_internal.config_int('Verification.MaxFlowsPerHour', 30);

    SELECT count(*) INTO v_count
    FROM dbo."VerificationFlows" AS f
    WHERE f."PhoneNumberId" = v_phone_id
      AND f."CreatedAt" > v_now - interval '1 hour'
      AND NOT f."IsDeleted";

    IF v_count >= v_max_flows THEN
        INSERT INTO dbo."EventLog" ("EventType", "Message")
        VALUES ('verification_rate_limited',
                format('Verification flow refused for phone %s: %s flows created in the last hour, limit %s.',
                       v_phone_number, v_count, v_max_flows));
        "Outcome" := 'rate_limited';
        RETURN;
    END IF;

    v_lifetime := ecliptix_internal.config_int('Verification.FlowLifetimeMinutes', 5);

    INSERT INTO dbo."VerificationFlows" AS f
        ("PhoneNumberId", "AppDeviceId", "Status", "Purpose", "ExpiresAt", "OtpCount", "ConnectionId")
    VALUES
        (v_phone_id, p_app_device_id, 'pending', p_purpose,
         v_now + make_interval(mins => v_lifetime), 0, p_connection_id)
    RETURNING f."UniqueId" INTO v_flow_id;

    "FlowUniqueId" := v_flow_id;
    "Outcome" := 'created';
END;
$$;

-- ---------------------------------------------------------------------------
-- RequestResendOtp
--   resend_allowed | resend_cooldown_active | max_otp_attempts_reached | flow_expired
--   | flow_not_found_or_invalid
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."RequestResendOtp"(
    "FlowUniqueId" uuid,
    INOUT "RetryAfterSeconds" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_flow_id     uuid := "FlowUniqueId";
    v_status      text;
    v_expires_at  timestamp(6);
    v_otp_count   integer;
    v_refusal     text;
BEGIN
    "RetryAfterSeconds" := NULL;
    "Outcome" := NULL;

    -- LOCK: the flow's row. Guards OTP.MaxAttempts (OtpCount) and OTP.ResendCooldownSeconds.
    SELECT f."Status", f."ExpiresAt", f."OtpCount" INTO v_status, v_expires_at, v_otp_count
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted"
    FOR NO KEY UPDATE;

    IF v_status IS NULL OR v_status <> 'pending' THEN
        "Outcome" := 'flow_not_found_or_invalid';
        RETURN;
    END IF;

    SELECT r.outcome, r.retry_after_seconds INTO v_refusal, "RetryAfterSeconds"
    FROM ecliptix_internal.otp_issue_refusal(p_flow_id, v_expires_at, v_otp_count) AS r;

    -- Nothing is written when a resend is allowed.
    "Outcome" := COALESCE(v_refusal, 'resend_allowed');
END;
$$;

-- ---------------------------------------------------------------------------
-- InsertOtpRecord
--   created | resend_cooldown_active | max_otp_attempts_reached | flow_not_found_or_invalid
--   | invalid_input
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."InsertOtpRecord"(
    "FlowUniqueId" uuid,
    "OtpHash" varchar,
    "OtpSalt" varchar,
    "ExpiresAt" timestamp(6),
    INOUT "OtpUniqueId" uuid DEFAULT NULL,
    INOUT "RetryAfterSeconds" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_flow_id     uuid         := "FlowUniqueId";
    p_otp_hash    text         := "OtpHash";
    p_otp_salt    text         := "OtpSalt";
    p_expires_at  timestamp(6) := "ExpiresAt";
    v_status      text;
    v_flow_expiry timestamp(6);
    v_otp_count   integer;
    v_phone_id    bigint;
    v_refusal     text;
    v_otp_id      uuid;
BEGIN
    "OtpUniqueId" := NULL;
    "RetryAfterSeconds" := NULL;
    "Outcome" := NULL;

    IF p_flow_id IS NULL
       OR p_otp_hash IS NULL OR p_otp_hash = '' OR length(p_otp_hash) > 255
       OR p_otp_salt IS NULL OR p_otp_salt = '' OR length(p_otp_salt) > 255
       OR p_expires_at IS NULL OR p_expires_at <= ecliptix_internal.utc_now() THEN
        "Outcome" := 'invalid_input';
        RETURN;
    END IF;

    -- LOCK: the flow's row. Guards OTP.MaxAttempts (OtpCount), OTP.ResendCooldownSeconds and the
    -- one-active-OTP-per-flow rule.
    SELECT f."Status", f."ExpiresAt", f."OtpCount", f."PhoneNumberId"
      INTO v_status, v_flow_expiry, v_otp_count, v_phone_id
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted"
    FOR NO KEY UPDATE;

    IF v_status IS NULL OR v_status <> 'pending' THEN
        "Outcome" := 'flow_not_found_or_invalid';
        RETURN;
    END IF;

    SELECT r.outcome, r.retry_after_seconds INTO v_refusal, "RetryAfterSeconds"
    FROM ecliptix_internal.otp_issue_refusal(p_flow_id, v_flow_expiry, v_otp_count) AS r;

    IF v_refusal IS NOT NULL THEN
        -- A flow that just expired is no longer a live pending one.
        "Outcome" := CASE WHEN v_refusal = 'flow_expired' THEN 'flow_not_found_or_invalid' ELSE v_refusal END;
        RETURN;
    END IF;

    -- The previous active OTP is superseded: deactivated and, while pending, expired, so an
    -- older code can no longer be verified. The new one expires no later than the flow.
    UPDATE dbo."OtpRecords" AS o
    SET "IsActive" = false,
        "Status" = CASE WHEN o."Status" = 'pending' THEN 'expired' ELSE o."Status" END
    WHERE o."FlowUniqueId" = p_flow_id
      AND o."IsActive"
      AND NOT o."IsDeleted";

    INSERT INTO dbo."OtpRecords" AS o
        ("FlowUniqueId", "PhoneNumberId", "OtpHash", "OtpSalt", "ExpiresAt", "Status", "IsActive")
    VALUES
        (p_flow_id, v_phone_id, p_otp_hash, p_otp_salt, LEAST(p_expires_at, v_flow_expiry), 'pending', true)
    RETURNING o."UniqueId" INTO v_otp_id;

    UPDATE dbo."VerificationFlows" AS f
    SET "OtpCount" = f."OtpCount" + 1
    WHERE f."UniqueId" = p_flow_id;

    "OtpUniqueId" := v_otp_id;
    "Outcome" := 'created';
END;
$$;

-- ---------------------------------------------------------------------------
-- UpdateOtpStatus
--   updated | invalid_status | invalid_transition | otp_not_found_or_flow_invalid
--   | max_failed_attempts_reached
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."UpdateOtpStatus"(
    "OtpUniqueId" uuid,
    "NewStatus" varchar,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_otp_id         uuid := "OtpUniqueId";
    p_new_status     text := "NewStatus";
    v_flow_id        uuid;
    v_flow_status    text;
    v_flow_expiry    timestamp(6);
    v_otp_status     text;
    v_otp_expiry     timestamp(6);
    v_now            timestamp(6);
    v_max_failed     integer;
    v_failed_count   integer;
    v_verified_hours integer;
BEGIN
    "Outcome" := NULL;

    IF p_new_status IS NULL
       OR p_new_status NOT IN ('pending', 'verified', 'expired', 'failed') THEN
        "Outcome" := 'invalid_status';
        RETURN;
    END IF;

    SELECT o."FlowUniqueId" INTO v_flow_id
    FROM dbo."OtpRecords" AS o
    WHERE o."UniqueId" = p_otp_id
      AND NOT o."IsDeleted";

    IF v_flow_id IS NULL THEN
        "Outcome" := 'otp_not_found_or_flow_invalid';
        RETURN;
    END IF;

    -- LOCK: the flow's row. Guards OTP.MaxAttempts for failed checks (FailedOtpAttempts count)
    -- and the OTP's own status change.
    SELECT f."Status", f."ExpiresAt" INTO v_flow_status, v_flow_expiry
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = v_flow_id
      AND NOT f."IsDeleted"
    FOR NO KEY UPDATE;

    v_now := ecliptix_internal.utc_now();

    IF v_flow_status IS NULL OR v_flow_status <> 'pending' OR v_flow_expiry <= v_now THEN
        "Outcome" := 'otp_not_found_or_flow_invalid';
        RETURN;
    END IF;

    -- Read the OTP again under the flow's lock.
    SELECT o."Status", o."ExpiresAt" INTO v_otp_status, v_otp_expiry
    FROM dbo."OtpRecords" AS o
    WHERE o."UniqueId" = p_otp_id
      AND NOT o."IsDeleted";

    IF v_otp_status IS NULL THEN
        "Outcome" := 'otp_not_found_or_flow_invalid';
        RETURN;
    END IF;

    IF v_otp_status <> 'pending'
       OR p_new_status = 'pending'
       OR (p_new_status = 'verified' AND v_otp_expiry <= v_now) THEN
        "Outcome" := 'invalid_transition';
        RETURN;
    END IF;

    UPDATE dbo."OtpRecords" AS o
    SET "Status" = p_new_status,
        "IsActive" = false
    WHERE o."UniqueId" = p_otp_id;

    IF p_new_status = 'verified' THEN
        v_verified_hours := ecliptix_internal.config_int('Verification.VerifiedFlowLifetimeHours', 24);

        UPDATE dbo."VerificationFlows" AS f
        SET "Status" = 'verified',
            "ExpiresAt" = v_now + make_interval(hours => v_verified_hours)
        WHERE f."UniqueId" = v_flow_id;

    ELSIF p_new_status = 'failed' THEN
        INSERT INTO dbo."FailedOtpAttempts" ("OtpUniqueId", "FlowUniqueId")
        VALUES (p_otp_id, v_flow_id);

        -- OTP.MaxAttempts for failed checks (guarded by the flow row lock above).
        v_max_failed := ecliptix_internal.config_int('OTP.MaxAttempts', 5);

        SELECT count(*) INTO v_failed_count
        FROM dbo."FailedOtpAttempts" AS a
        WHERE a."FlowUniqueId" = v_flow_id
          AND NOT a."IsDeleted";

        IF v_failed_count >= v_max_failed THEN
            PERFORM ecliptix_internal.end_flow(v_flow_id, 'failed');

            "Outcome" := 'max_failed_attempts_reached';
            RETURN;
        END IF;
    END IF;

    "Outcome" := 'updated';
END;
$$;

-- ---------------------------------------------------------------------------
-- UpdateVerificationFlowStatus
--   updated | invalid_status | invalid_transition | flow_not_found
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."UpdateVerificationFlowStatus"(
    "FlowUniqueId" uuid,
    "NewStatus" varchar,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_flow_id        uuid := "FlowUniqueId";
    p_new_status     text := "NewStatus";
    v_status         text;
    v_verified_hours integer;
BEGIN
    "Outcome" := NULL;

    IF p_new_status IS NULL
       OR p_new_status NOT IN ('pending', 'verified', 'expired', 'failed') THEN
        "Outcome" := 'invalid_status';
        RETURN;
    END IF;

    -- LOCK: the flow's row (its status, and its OTPs, change only under it).
    SELECT f."Status" INTO v_status
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted"
    FOR NO KEY UPDATE;

    IF v_status IS NULL THEN
        "Outcome" := 'flow_not_found';
        RETURN;
    END IF;

    IF NOT ((v_status = 'pending' AND p_new_status IN ('verified', 'expired', 'failed'))
            OR (v_status = 'verified' AND p_new_status = 'expired')) THEN
        "Outcome" := 'invalid_transition';
        RETURN;
    END IF;

    IF p_new_status = 'verified' THEN
        v_verified_hours := ecliptix_internal.config_int('Verification.VerifiedFlowLifetimeHours', 24);

        UPDATE dbo."VerificationFlows" AS f
        SET "Status" = 'verified',
            "ExpiresAt" = ecliptix_internal.utc_now() + make_interval(hours => v_verified_hours)
        WHERE f."UniqueId" = p_flow_id;
    ELSE
        -- Leaving pending for expired or failed also expires the flow's active OTP (a verified
        -- flow has none left pending).
        PERFORM ecliptix_internal.end_flow(p_flow_id, p_new_status);
    END IF;

    "Outcome" := 'updated';
END;
$$;

-- ---------------------------------------------------------------------------
-- ExpireAssociatedOtp
--   expired | flow_not_found
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."ExpireAssociatedOtp"(
    "FlowUniqueId" uuid,
    INOUT "ExpiredCount" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_flow_id uuid := "FlowUniqueId";
    v_found   boolean;
    v_count   integer;
BEGIN
    "ExpiredCount" := NULL;
    "Outcome" := NULL;

    -- LOCK: the flow's row (its OTPs change only under it).
    SELECT true INTO v_found
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted"
    FOR NO KEY UPDATE;

    IF v_found IS NULL THEN
        "Outcome" := 'flow_not_found';
        RETURN;
    END IF;

    UPDATE dbo."OtpRecords" AS o
    SET "Status" = 'expired',
        "IsActive" = false
    WHERE o."FlowUniqueId" = p_flow_id
      AND o."Status" = 'pending'
      AND NOT o."IsDeleted";

    GET DIAGNOSTICS v_count = ROW_COUNT;

    "ExpiredCount" := v_count;
    "Outcome" := 'expired';
END;
$$;
