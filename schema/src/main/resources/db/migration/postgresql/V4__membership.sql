-- EcliptixMemberships, PostgreSQL 15: memberships and membership attempts.

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

CREATE TRIGGER "TRG_Memberships_Update"
    BEFORE UPDATE ON dbo."Memberships"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

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

CREATE TRIGGER "TRG_MembershipAttempts_Update"
    BEFORE UPDATE ON dbo."MembershipAttempts"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

-- ---------------------------------------------------------------------------
-- LogMembershipAttempt
--   logged | invalid_input
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."LogMembershipAttempt"(
    "PhoneNumberUniqueId" uuid,
    "Outcome" varchar,
    "IsSuccess" boolean,
    INOUT "Result" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_phone_unique_id uuid    := "PhoneNumberUniqueId";
    p_outcome         text    := "Outcome";
    p_is_success      boolean := "IsSuccess";
    v_phone_number    text;
BEGIN
    "Result" := NULL;

    IF p_outcome IS NULL OR p_outcome = '' OR length(p_outcome) > 50 OR p_is_success IS NULL THEN
        "Result" := 'invalid_input';
        RETURN;
    END IF;

    SELECT p."PhoneNumber" INTO v_phone_number
    FROM dbo."PhoneNumbers" AS p
    WHERE p."UniqueId" = p_phone_unique_id
      AND NOT p."IsDeleted";

    IF v_phone_number IS NULL THEN
        "Result" := 'invalid_input';
        RETURN;
    END IF;

    -- LOCK: the phone number string (class 2), the same lock CreateMembership holds while it
    -- counts failures (Membership.MaxFailedAttemptsPerHour), so a logged row never slips between
    -- its count and its decision.
    PERFORM pg_advisory_xact_lock(2, hashtext(v_phone_number));

    INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
    VALUES (p_phone_unique_id, p_outcome, p_is_success);

    "Result" := 'logged';
END;
$$;

-- ---------------------------------------------------------------------------
-- CreateMembership
--   invalid_creation_status | verification_flow_not_found | rate_limited
--   | membership_already_exists | flow_not_verified | created
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."CreateMembership"(
    "FlowUniqueId" uuid,
    "ConnectionId" bigint,
    "OtpUniqueId" uuid,
    "CreationStatus" varchar,
    INOUT "MembershipUniqueId" uuid DEFAULT NULL,
    INOUT "Status" varchar DEFAULT NULL,
    INOUT "RetryAfterSeconds" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_flow_id         uuid   := "FlowUniqueId";
    p_connection_id   bigint := "ConnectionId";
    p_otp_id          uuid   := "OtpUniqueId";
    p_creation_status text   := "CreationStatus";
    v_flow_status     text;
    v_flow_connection bigint;
    v_flow_device     uuid;
    v_phone_unique_id uuid;
    v_phone_number    text;
    v_now             timestamp(6);
    v_window_start    timestamp(6);
    v_last_success    timestamp(6);
    v_max_failed      integer;
    v_failed_count    integer;
    v_oldest_failure  timestamp(6);
    v_membership_id   uuid;
    v_membership_st   text;
BEGIN
    "MembershipUniqueId" := NULL;
    "Status" := NULL;
    "RetryAfterSeconds" := NULL;
    "Outcome" := NULL;

    IF p_creation_status IS NULL OR p_creation_status <> 'otp_verified' THEN
        "Outcome" := 'invalid_creation_status';
        RETURN;
    END IF;

    -- A live, unexpired registration flow that is pending or verified; otherwise nothing is logged.
    SELECT f."Status", f."ConnectionId", f."AppDeviceId", p."UniqueId", p."PhoneNumber"
      INTO v_flow_status, v_flow_connection, v_flow_device, v_phone_unique_id, v_phone_number
    FROM dbo."VerificationFlows" AS f
    JOIN dbo."PhoneNumbers" AS p
      ON p."Id" = f."PhoneNumberId"
     AND NOT p."IsDeleted"
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted"
      AND f."Purpose" = 'registration'
      AND f."Status" IN ('pending', 'verified')
      AND f."ExpiresAt" > ecliptix_internal.utc_now();

    IF v_phone_unique_id IS NULL THEN
        "Outcome" := 'verification_flow_not_found';
        RETURN;
    END IF;

    -- LOCK: the phone number string (class 2). Guards Membership.MaxFailedAttemptsPerHour and
    -- the one-live-membership-per-phone rule.
    PERFORM pg_advisory_xact_lock(2, hashtext(v_phone_number));

    v_now := ecliptix_internal.utc_now();
    v_window_start := v_now - interval '1 hour';
    v_max_failed := ecliptix_internal.config_int('Membership.MaxFailedAttemptsPerHour', 5);

    -- Failures count only after the phone's latest success (within the trailing hour).
    SELECT max(a."CreatedAt") INTO v_last_success
    FROM dbo."MembershipAttempts" AS a
    WHERE a."PhoneNumberId" = v_phone_unique_id
      AND a."CreatedAt" > v_window_start
      AND a."IsSuccess"
      AND NOT a."IsDeleted";

    SELECT count(*), min(a."CreatedAt") INTO v_failed_count, v_oldest_failure
    FROM dbo."MembershipAttempts" AS a
    WHERE a."PhoneNumberId" = v_phone_unique_id
      AND a."CreatedAt" > GREATEST(v_window_start, COALESCE(v_last_success, v_window_start))
      AND NOT a."IsSuccess"
      AND a."Outcome" <> 'rate_limited'
      AND NOT a."IsDeleted";

    IF v_failed_count >= v_max_failed THEN
        -- Logged but not counted; retry when the oldest counted failure leaves the hour.
        INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
        VALUES (v_phone_unique_id, 'rate_limited', false);

        INSERT INTO dbo."EventLog" ("EventType", "Message")
        VALUES ('membership_rate_limited',
                format('Membership creation refused for phone %s: %s failed attempts in the last hour, limit %s.',
                       v_phone_number, v_failed_count, v_max_failed));

        "RetryAfterSeconds" := GREATEST(1, CEILING(EXTRACT(EPOCH FROM
            (v_oldest_failure + interval '1 hour' - v_now))))::integer;
        "Outcome" := 'rate_limited';
        RETURN;
    END IF;

    IF v_flow_connection IS DISTINCT FROM p_connection_id THEN
        INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
        VALUES (v_phone_unique_id, 'verification_flow_not_found', false);

        "Outcome" := 'verification_flow_not_found';
        RETURN;
    END IF;

    SELECT m."UniqueId", m."Status" INTO v_membership_id, v_membership_st
    FROM dbo."Memberships" AS m
    WHERE m."PhoneNumberId" = v_phone_unique_id
      AND NOT m."IsDeleted";

    IF v_membership_id IS NOT NULL THEN
        "MembershipUniqueId" := v_membership_id;
        "Status" := v_membership_st;
        "Outcome" := 'membership_already_exists';
        RETURN;
    END IF;

    IF v_flow_status <> 'verified' OR NOT EXISTS (
        SELECT 1
        FROM dbo."OtpRecords" AS o
        WHERE o."UniqueId" = p_otp_id
          AND o."FlowUniqueId" = p_flow_id
          AND o."Status" = 'verified'
          AND NOT o."IsDeleted"
    ) THEN
        INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
        VALUES (v_phone_unique_id, 'flow_not_verified', false);

        "Outcome" := 'flow_not_verified';
        RETURN;
    END IF;

    INSERT INTO dbo."Memberships" AS m
        ("PhoneNumberId", "AppDeviceId", "VerificationFlowId", "Status", "CreationStatus")
    VALUES
        (v_phone_unique_id, v_flow_device, p_flow_id, 'inactive', 'otp_verified')
    RETURNING m."UniqueId", m."Status" INTO v_membership_id, v_membership_st;

    INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
    VALUES (v_phone_unique_id, 'created', true);

    "MembershipUniqueId" := v_membership_id;
    "Status" := v_membership_st;
    "Outcome" := 'created';
END;
$$;

-- ---------------------------------------------------------------------------
-- UpdateMembershipSecureKey
--   updated | membership_not_found | membership_blocked | invalid_secure_key
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."UpdateMembershipSecureKey"(
    "MembershipUniqueId" uuid,
    "SecureKey" bytea,
    INOUT "Status" varchar DEFAULT NULL,
    INOUT "CreationStatus" varchar DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_membership_id uuid  := "MembershipUniqueId";
    p_secure_key    bytea := "SecureKey";
    v_status        text;
    v_creation      text;
BEGIN
    "Status" := NULL;
    "CreationStatus" := NULL;
    "Outcome" := NULL;

    IF p_secure_key IS NULL OR length(p_secure_key) = 0 THEN
        "Outcome" := 'invalid_secure_key';
        RETURN;
    END IF;

    -- LOCK: the membership's row, so a concurrent block is never overwritten.
    SELECT m."Status", m."CreationStatus" INTO v_status, v_creation
    FROM dbo."Memberships" AS m
    WHERE m."UniqueId" = p_membership_id
      AND NOT m."IsDeleted"
    FOR NO KEY UPDATE;

    IF v_status IS NULL THEN
        "Outcome" := 'membership_not_found';
        RETURN;
    END IF;

    IF v_status = 'blocked' THEN
        "Status" := v_status;
        "CreationStatus" := v_creation;
        "Outcome" := 'membership_blocked';
        RETURN;
    END IF;

    UPDATE dbo."Memberships" AS m
    SET "SecureKey" = p_secure_key,
        "Status" = 'active',
        "CreationStatus" = 'secure_key_set'
    WHERE m."UniqueId" = p_membership_id
    RETURNING m."Status", m."CreationStatus" INTO v_status, v_creation;

    "Status" := v_status;
    "CreationStatus" := v_creation;
    "Outcome" := 'updated';
END;
$$;

-- ---------------------------------------------------------------------------
-- VerifyPhoneForSecretKeyRecovery
--   invalid_phone_number | phone_not_found | membership_not_found | membership_blocked
--   | no_secure_key | eligible_for_recovery
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."VerifyPhoneForSecretKeyRecovery"(
    "PhoneNumber" varchar,
    INOUT "PhoneNumberUniqueId" uuid DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_phone_number  text := "PhoneNumber";
    v_phone_id      uuid;
    v_status        text;
    v_secure_key    bytea;
BEGIN
    "PhoneNumberUniqueId" := NULL;
    "Outcome" := NULL;

    IF p_phone_number IS NULL OR p_phone_number !~ '^\+[1-9][0-9]{6,14}$' THEN
        "Outcome" := 'invalid_phone_number';
        RETURN;
    END IF;

    SELECT p."UniqueId" INTO v_phone_id
    FROM dbo."PhoneNumbers" AS p
    WHERE p."PhoneNumber" = p_phone_number
      AND NOT p."IsDeleted";

    IF v_phone_id IS NULL THEN
        "Outcome" := 'phone_not_found';
        RETURN;
    END IF;

    -- The phone's UniqueId is returned once the phone is found, whatever follows.
    "PhoneNumberUniqueId" := v_phone_id;

    SELECT m."Status", m."SecureKey" INTO v_status, v_secure_key
    FROM dbo."Memberships" AS m
    WHERE m."PhoneNumberId" = v_phone_id
      AND NOT m."IsDeleted";

    IF v_status IS NULL THEN
        "Outcome" := 'membership_not_found';
    ELSIF v_status = 'blocked' THEN
        "Outcome" := 'membership_blocked';
    ELSIF v_secure_key IS NULL OR length(v_secure_key) = 0 THEN
        "Outcome" := 'no_secure_key';
    ELSE
        "Outcome" := 'eligible_for_recovery';
    END IF;
END;
$$;
