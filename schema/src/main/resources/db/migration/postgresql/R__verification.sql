-- EcliptixMemberships, PostgreSQL 15: verification flows and OTPs, routines and triggers (repeatable;
-- see R__configuration.sql for how repeatable migrations re-run).

CREATE OR REPLACE TRIGGER "TRG_VerificationFlows_Update"
    BEFORE UPDATE ON dbo."VerificationFlows"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

CREATE OR REPLACE TRIGGER "TRG_OtpRecords_Update"
    BEFORE UPDATE ON dbo."OtpRecords"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

CREATE OR REPLACE TRIGGER "TRG_FailedOtpAttempts_Update"
    BEFORE UPDATE ON dbo."FailedOtpAttempts"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

-- ---------------------------------------------------------------------------
-- Helpers shared by the verification routines. Their callers hold the flow's lock.
-- ---------------------------------------------------------------------------

-- Ends a pending flow as expired or failed; its active OTP expires with it.
DROP FUNCTION IF EXISTS ecliptix_internal.end_flow;
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
DROP FUNCTION IF EXISTS ecliptix_internal.otp_issue_refusal;
CREATE FUNCTION ecliptix_internal.otp_issue_refusal(
    p_flow_id uuid, p_expires_at timestamp(6), p_otp_count integer,
    OUT outcome text, OUT retry_after_seconds integer)
LANGUAGE plpgsql
AS $$
DECLARE
    v_now         timestamp(6) := ecliptix_internal.utc_now();
    v_cooldown    integer := ecliptix_internal.config_int('OTP.ResendCooldownSeconds');
    v_last_otp_at timestamp(6);
BEGIN
    IF p_expires_at <= v_now THEN
        PERFORM ecliptix_internal.end_flow(p_flow_id, 'expired');
        outcome := 'flow_expired';
        RETURN;
    END IF;

    IF p_otp_count >= ecliptix_internal.config_int('OTP.MaxAttempts') THEN
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

-- A pending flow becomes verified, with its OTP when one verified it (NULL otherwise): the OTP is used
-- up, and the flow stays usable for Verification.VerifiedFlowLifetimeHours.
DROP FUNCTION IF EXISTS ecliptix_internal.verify_flow;
CREATE FUNCTION ecliptix_internal.verify_flow(p_flow_id uuid, p_otp_id uuid)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_verified_hours integer := ecliptix_internal.config_int('Verification.VerifiedFlowLifetimeHours');
BEGIN
    UPDATE dbo."OtpRecords" AS o
    SET "Status" = 'verified',
        "IsActive" = false
    WHERE o."UniqueId" = p_otp_id;

    UPDATE dbo."VerificationFlows" AS f
    SET "Status" = 'verified',
        "ExpiresAt" = ecliptix_internal.utc_now() + make_interval(hours => v_verified_hours)
    WHERE f."UniqueId" = p_flow_id;
END;
$$;

-- Records one failed OTP check of a flow and returns the checks left (OTP.MaxAttempts minus the
-- flow's failed checks). The check that reaches the limit fails the OTP and the flow and writes one
-- otp_check_limit event; it returns 0.
DROP FUNCTION IF EXISTS ecliptix_internal.record_failed_otp_check;
CREATE FUNCTION ecliptix_internal.record_failed_otp_check(p_flow_id uuid, p_otp_id uuid)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_max_failed   integer;
    v_failed_count integer;
BEGIN
    INSERT INTO dbo."FailedOtpAttempts" ("OtpUniqueId", "FlowUniqueId")
    VALUES (p_otp_id, p_flow_id);

    -- The limit and the flow's failed checks in one read. Only whether the limit is reached matters:
    -- at most v_max_failed rows are read. The limit is in a subquery of its own (OFFSET 0), so that it
    -- is read once.
    SELECT c.max_failed,
           (SELECT count(*)
            FROM (SELECT 1
                  FROM dbo."FailedOtpAttempts" AS a
                  WHERE a."FlowUniqueId" = p_flow_id
                    AND NOT a."IsDeleted"
                  LIMIT c.max_failed) AS counted)
      INTO v_max_failed, v_failed_count
    FROM (SELECT ecliptix_internal.config_int('OTP.MaxAttempts') AS max_failed
          OFFSET 0) AS c;

    IF v_failed_count < v_max_failed THEN
        RETURN v_max_failed - v_failed_count;
    END IF;

    UPDATE dbo."OtpRecords" AS o
    SET "Status" = 'failed',
        "IsActive" = false
    WHERE o."UniqueId" = p_otp_id
      AND o."Status" = 'pending';

    PERFORM ecliptix_internal.end_flow(p_flow_id, 'failed');

    INSERT INTO dbo."EventLog" ("EventType", "Message")
    VALUES ('otp_check_limit',
            format('Verification flow %s failed: %s failed OTP checks, limit %s.',
                   p_flow_id, v_failed_count, v_max_failed));
    RETURN 0;
END;
$$;

-- ---------------------------------------------------------------------------
-- GetFullFlowState: one row for a live flow (with its active unexpired OTP, or NULLs), else none.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS dbo."GetFullFlowState";
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
    "OtpStatus" varchar(20),
    "OtpSalt" varchar(255)
)
LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
           o."Status",
           o."OtpSalt"
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

DROP PROCEDURE IF EXISTS dbo."InitiateVerificationFlow";
CREATE PROCEDURE dbo."InitiateVerificationFlow"(
    "AppDeviceId" uuid,
    "PhoneNumberUniqueId" uuid,
    "Purpose" varchar,
    "ConnectionId" bigint,
    INOUT "FlowUniqueId" uuid DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
    v_device_found    boolean;
    v_pending_id      uuid;
    v_pending_expiry  timestamp(6);
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

    SELECT p."PhoneNumber" INTO v_phone_number
    FROM dbo."PhoneNumbers" AS p
    WHERE p."UniqueId" = p_phone_unique_id
      AND NOT p."IsDeleted";

    IF v_phone_number IS NOT NULL THEN
        -- LOCK: phone:<number>. Guards Verification.MaxFlowsPerHour and the one-live-pending-flow
        -- per (device, phone, purpose) rule: every flow creation for this phone waits here.
        PERFORM ecliptix_internal.lock_subject('phone:' || v_phone_number);

        v_now := ecliptix_internal.utc_now();

        -- One read under the lock: the phone again (it may have been deleted meanwhile), the device,
        -- the triple's live verified flow that is still usable, and its live pending flow (at most
        -- one, UX_VerificationFlows_Pending) with its expiry.
        SELECT p."Id",
               EXISTS (SELECT 1
                       FROM dbo."AppDevices" AS d
                       WHERE d."UniqueId" = p_app_device_id
                         AND NOT d."IsDeleted"),
               (SELECT f."UniqueId"
                FROM dbo."VerificationFlows" AS f
                WHERE f."AppDeviceId" = p_app_device_id
                  AND f."PhoneNumberId" = p."Id"
                  AND f."Purpose" = p_purpose
                  AND f."Status" = 'verified'
                  AND NOT f."IsDeleted"
                  AND f."ExpiresAt" > v_now
                ORDER BY f."ExpiresAt" DESC
                LIMIT 1),
               pending."UniqueId",
               pending."ExpiresAt"
          INTO v_phone_id, v_device_found, v_flow_id, v_pending_id, v_pending_expiry
        FROM dbo."PhoneNumbers" AS p
        LEFT JOIN LATERAL (
            SELECT f."UniqueId", f."ExpiresAt"
            FROM dbo."VerificationFlows" AS f
            WHERE f."AppDeviceId" = p_app_device_id
              AND f."PhoneNumberId" = p."Id"
              AND f."Purpose" = p_purpose
              AND f."Status" = 'pending'
              AND NOT f."IsDeleted"
              LIMIT 1) AS pending ON true
        WHERE p."UniqueId" = p_phone_unique_id
          AND NOT p."IsDeleted";
    END IF;

    IF v_phone_id IS NULL THEN
        "Outcome" := 'phone_not_found';
        RETURN;
    END IF;

    IF p_app_device_id IS NULL OR NOT v_device_found THEN
        "Outcome" := 'device_not_found';
        RETURN;
    END IF;

    IF v_flow_id IS NOT NULL THEN
        "FlowUniqueId" := v_flow_id;
        "Outcome" := 'verified';
        RETURN;
    END IF;

    IF v_pending_id IS NOT NULL THEN
        IF v_pending_expiry > v_now THEN
            -- The live pending flow of the triple; its ConnectionId is not changed.
            "FlowUniqueId" := v_pending_id;
            "Outcome" := 'retrieved';
            RETURN;
        END IF;

        -- A pending flow of the triple past its ExpiresAt becomes expired (with its active OTP).
        PERFORM ecliptix_internal.end_flow(v_pending_id, 'expired');
    END IF;

    -- Verification.MaxFlowsPerHour (guarded by the phone's lock above): every live flow of the
    -- phone created in the trailing hour counts, whatever its status. Only whether the limit is
    -- reached matters: at most v_max_flows rows are read. The flow lifetime is read with it; both
    -- limits in a subquery of their own (OFFSET 0), so that each is read once.
    SELECT c.max_flows, c.lifetime,
           (SELECT count(*)
            FROM (SELECT 1
                  FROM dbo."VerificationFlows" AS f
                  WHERE f."PhoneNumberId" = v_phone_id
                    AND f."CreatedAt" > v_now - interval '1 hour'
                    AND NOT f."IsDeleted"
                  LIMIT c.max_flows) AS counted)
      INTO v_max_flows, v_lifetime, v_count
    FROM (SELECT ecliptix_internal.config_int('Verification.MaxFlowsPerHour') AS max_flows,
                 ecliptix_internal.config_int('Verification.FlowLifetimeMinutes') AS lifetime
          OFFSET 0) AS c;

    IF v_count >= v_max_flows THEN
        INSERT INTO dbo."EventLog" ("EventType", "Message")
        VALUES ('rate_limited',
                format('Verification flow refused for phone %s: %s flows created in the last hour, limit %s.',
                       v_phone_number, v_count, v_max_flows));
        "Outcome" := 'rate_limited';
        RETURN;
    END IF;

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

DROP PROCEDURE IF EXISTS dbo."RequestResendOtp";
CREATE PROCEDURE dbo."RequestResendOtp"(
    "FlowUniqueId" uuid,
    INOUT "RetryAfterSeconds" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

    -- LOCK: flow:<id>. Guards OTP.MaxAttempts (OtpCount) and OTP.ResendCooldownSeconds.
    PERFORM ecliptix_internal.lock_subject('flow:' || p_flow_id::text);

    SELECT f."Status", f."ExpiresAt", f."OtpCount" INTO v_status, v_expires_at, v_otp_count
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted";

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

DROP PROCEDURE IF EXISTS dbo."InsertOtpRecord";
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
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

    -- LOCK: flow:<id>. Guards OTP.MaxAttempts (OtpCount), OTP.ResendCooldownSeconds and the
    -- one-active-OTP-per-flow rule.
    PERFORM ecliptix_internal.lock_subject('flow:' || p_flow_id::text);

    SELECT f."Status", f."ExpiresAt", f."OtpCount", f."PhoneNumberId"
      INTO v_status, v_flow_expiry, v_otp_count, v_phone_id
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted";

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

DROP PROCEDURE IF EXISTS dbo."UpdateOtpStatus";
CREATE PROCEDURE dbo."UpdateOtpStatus"(
    "OtpUniqueId" uuid,
    "NewStatus" varchar,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

    -- LOCK: flow:<id>. Guards OTP.MaxAttempts for failed checks (FailedOtpAttempts count) and the
    -- OTP's own status change.
    PERFORM ecliptix_internal.lock_subject('flow:' || v_flow_id::text);

    SELECT f."Status", f."ExpiresAt" INTO v_flow_status, v_flow_expiry
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = v_flow_id
      AND NOT f."IsDeleted";

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

    IF p_new_status = 'verified' THEN
        PERFORM ecliptix_internal.verify_flow(v_flow_id, p_otp_id);
    ELSE
        -- An OTP reported failed (the application checked the code itself) is used up.
        UPDATE dbo."OtpRecords" AS o
        SET "Status" = p_new_status,
            "IsActive" = false
        WHERE o."UniqueId" = p_otp_id;

        -- OTP.MaxAttempts for failed checks (guarded by the flow's lock above).
        IF p_new_status = 'failed'
           AND ecliptix_internal.record_failed_otp_check(v_flow_id, p_otp_id) = 0 THEN
            "Outcome" := 'max_failed_attempts_reached';
            RETURN;
        END IF;
    END IF;

    "Outcome" := 'updated';
END;
$$;

-- ---------------------------------------------------------------------------
-- VerifyOtp: checks the hash of a code the user entered (made by the caller with the active OTP's
-- salt from GetFullFlowState) against the active OTP's hash. A wrong code keeps the OTP pending
-- until the flow's failed checks reach OTP.MaxAttempts.
--   invalid_input | flow_not_found_or_invalid | flow_expired | otp_expired | no_active_otp
--   | verified | invalid_code | max_failed_attempts_reached
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."VerifyOtp";
CREATE PROCEDURE dbo."VerifyOtp"(
    "FlowUniqueId" uuid,
    "OtpHash" varchar,
    INOUT "OtpUniqueId" uuid DEFAULT NULL,
    INOUT "RemainingAttempts" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_flow_id     uuid := "FlowUniqueId";
    p_otp_hash    text := "OtpHash";
    v_flow_status text;
    v_flow_expiry timestamp(6);
    v_now         timestamp(6);
    v_otp_id      uuid;
    v_otp_hash    text;
    v_otp_expiry  timestamp(6);
    v_remaining   integer;
BEGIN
    "OtpUniqueId" := NULL;
    "RemainingAttempts" := NULL;
    "Outcome" := NULL;

    IF p_flow_id IS NULL OR p_otp_hash IS NULL OR p_otp_hash = '' OR length(p_otp_hash) > 255 THEN
        "Outcome" := 'invalid_input';
        RETURN;
    END IF;

    -- LOCK: flow:<id>. Guards OTP.MaxAttempts for failed checks: parallel wrong guesses are counted
    -- one after another, and none is checked once the limit has failed the flow.
    PERFORM ecliptix_internal.lock_subject('flow:' || p_flow_id::text);

    -- The flow and its active pending OTP (at most one, UX_OtpRecords_Active) in one read.
    SELECT f."Status", f."ExpiresAt", o."UniqueId", o."OtpHash", o."ExpiresAt"
      INTO v_flow_status, v_flow_expiry, v_otp_id, v_otp_hash, v_otp_expiry
    FROM dbo."VerificationFlows" AS f
    LEFT JOIN dbo."OtpRecords" AS o
      ON o."FlowUniqueId" = f."UniqueId"
     AND o."IsActive"
     AND o."Status" = 'pending'
     AND NOT o."IsDeleted"
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted";

    IF v_flow_status IS NULL OR v_flow_status <> 'pending' THEN
        "Outcome" := 'flow_not_found_or_invalid';
        RETURN;
    END IF;

    v_now := ecliptix_internal.utc_now();

    IF v_flow_expiry <= v_now THEN
        PERFORM ecliptix_internal.end_flow(p_flow_id, 'expired');
        "Outcome" := 'flow_expired';
        RETURN;
    END IF;

    IF v_otp_id IS NOT NULL AND v_otp_expiry <= v_now THEN
        UPDATE dbo."OtpRecords" AS o
        SET "Status" = 'expired',
            "IsActive" = false
        WHERE o."UniqueId" = v_otp_id;
        "Outcome" := 'otp_expired';
        RETURN;
    END IF;

    IF v_otp_id IS NULL THEN
        "Outcome" := 'no_active_otp';
        RETURN;
    END IF;

    "OtpUniqueId" := v_otp_id;

    IF v_otp_hash = p_otp_hash THEN
        PERFORM ecliptix_internal.verify_flow(p_flow_id, v_otp_id);
        "Outcome" := 'verified';
        RETURN;
    END IF;

    v_remaining := ecliptix_internal.record_failed_otp_check(p_flow_id, v_otp_id);
    "RemainingAttempts" := v_remaining;
    "Outcome" := CASE WHEN v_remaining = 0 THEN 'max_failed_attempts_reached' ELSE 'invalid_code' END;
END;
$$;

-- ---------------------------------------------------------------------------
-- UpdateVerificationFlowStatus
--   updated | invalid_status | invalid_transition | flow_not_found
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."UpdateVerificationFlowStatus";
CREATE PROCEDURE dbo."UpdateVerificationFlowStatus"(
    "FlowUniqueId" uuid,
    "NewStatus" varchar,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_flow_id        uuid := "FlowUniqueId";
    p_new_status     text := "NewStatus";
    v_status         text;
BEGIN
    "Outcome" := NULL;

    IF p_new_status IS NULL
       OR p_new_status NOT IN ('pending', 'verified', 'expired', 'failed') THEN
        "Outcome" := 'invalid_status';
        RETURN;
    END IF;

    -- LOCK: flow:<id>. The flow's status, and its OTPs, change only under it.
    PERFORM ecliptix_internal.lock_subject('flow:' || p_flow_id::text);

    SELECT f."Status" INTO v_status
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted";

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
        PERFORM ecliptix_internal.verify_flow(p_flow_id, NULL);
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

DROP PROCEDURE IF EXISTS dbo."ExpireAssociatedOtp";
CREATE PROCEDURE dbo."ExpireAssociatedOtp"(
    "FlowUniqueId" uuid,
    INOUT "ExpiredCount" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_flow_id uuid := "FlowUniqueId";
    v_found   boolean;
    v_count   integer;
BEGIN
    "ExpiredCount" := NULL;
    "Outcome" := NULL;

    -- LOCK: flow:<id>. The flow's OTPs change only under it.
    PERFORM ecliptix_internal.lock_subject('flow:' || p_flow_id::text);

    SELECT true INTO v_found
    FROM dbo."VerificationFlows" AS f
    WHERE f."UniqueId" = p_flow_id
      AND NOT f."IsDeleted";

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
