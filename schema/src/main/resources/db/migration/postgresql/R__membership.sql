-- EcliptixMemberships, PostgreSQL 15: memberships and membership attempts, routines and triggers
-- (repeatable; see R__configuration.sql for how repeatable migrations re-run).

CREATE OR REPLACE TRIGGER "TRG_Memberships_Update"
    BEFORE UPDATE ON dbo."Memberships"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

CREATE OR REPLACE TRIGGER "TRG_MembershipAttempts_Update"
    BEFORE UPDATE ON dbo."MembershipAttempts"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

-- ---------------------------------------------------------------------------
-- LogMembershipAttempt
--   logged | invalid_input
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."LogMembershipAttempt";
CREATE PROCEDURE dbo."LogMembershipAttempt"(
    "PhoneNumberUniqueId" uuid,
    "Outcome" varchar,
    "IsSuccess" boolean,
    INOUT "Result" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

    -- LOCK: phone:<number>, the lock CreateMembership holds while it counts failures
    -- (Membership.MaxFailedAttemptsPerHour), so a logged row never slips between its count and its
    -- decision.
    PERFORM ecliptix_internal.lock_subject('phone:' || v_phone_number);

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

DROP PROCEDURE IF EXISTS dbo."CreateMembership";
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
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
    v_max_failed      integer;
    v_failed_count    integer;
    v_oldest_failure  timestamp(6);
    v_membership_id   uuid;
    v_membership_st   text;
    v_otp_verified    boolean;
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

    -- LOCK: phone:<number>. Guards Membership.MaxFailedAttemptsPerHour and the
    -- one-live-membership-per-phone rule.
    PERFORM ecliptix_internal.lock_subject('phone:' || v_phone_number);

    v_now := ecliptix_internal.utc_now();
    v_window_start := v_now - interval '1 hour';

    -- Everything the decision needs, in one read under the lock: the limit; the failures of the
    -- trailing hour that count (only after the phone's latest success; only whether the limit is
    -- reached matters, and the oldest counted failure: the oldest v_max_failed rows are read, however
    -- many there are); the phone's live membership; whether the OTP is the flow's verified one. The
    -- limit is in a subquery of its own (OFFSET 0), so that it is read once.
    SELECT c.max_failed, counted.failures, counted.oldest, m."UniqueId", m."Status",
           EXISTS (SELECT 1
                   FROM dbo."OtpRecords" AS o
                   WHERE o."UniqueId" = p_otp_id
                     AND o."FlowUniqueId" = p_flow_id
                     AND o."Status" = 'verified'
                     AND NOT o."IsDeleted")
      INTO v_max_failed, v_failed_count, v_oldest_failure, v_membership_id, v_membership_st, v_otp_verified
    FROM (SELECT ecliptix_internal.config_int('Membership.MaxFailedAttemptsPerHour') AS max_failed
          OFFSET 0) AS c
    CROSS JOIN LATERAL (
        SELECT count(*) AS failures, min(f."CreatedAt") AS oldest
        FROM (SELECT a."CreatedAt"
              FROM dbo."MembershipAttempts" AS a
              WHERE a."PhoneNumberId" = v_phone_unique_id
                AND a."CreatedAt" > GREATEST(v_window_start,
                                             (SELECT s."CreatedAt"
                                              FROM dbo."MembershipAttempts" AS s
                                              WHERE s."PhoneNumberId" = v_phone_unique_id
                                                AND s."CreatedAt" > v_window_start
                                                AND s."IsSuccess"
                                                AND NOT s."IsDeleted"
                                              ORDER BY s."CreatedAt" DESC
                                              LIMIT 1))
                AND NOT a."IsSuccess"
                AND a."Outcome" <> 'rate_limited'
                AND NOT a."IsDeleted"
              ORDER BY a."CreatedAt"
              LIMIT c.max_failed) AS f) AS counted
    LEFT JOIN dbo."Memberships" AS m
      ON m."PhoneNumberId" = v_phone_unique_id
     AND NOT m."IsDeleted";

    IF v_failed_count >= v_max_failed THEN
        -- Logged but not counted; retry when the oldest counted failure leaves the hour.
        INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
        VALUES (v_phone_unique_id, 'rate_limited', false);

        INSERT INTO dbo."EventLog" ("EventType", "Message")
        VALUES ('rate_limited',
                format('Membership creation refused for phone %s: %s failed attempts in the last hour, limit %s.',
                       v_phone_number, v_failed_count, v_max_failed));

        "RetryAfterSeconds" := GREATEST(1, CEILING(EXTRACT(EPOCH FROM
            (v_oldest_failure + interval '1 hour' - v_now))))::integer;
        "Outcome" := 'rate_limited';
        RETURN;
    END IF;

    -- The connection matches when it equals the flow's, NULL included (a flow started without one).
    IF v_flow_connection IS DISTINCT FROM p_connection_id THEN
        INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
        VALUES (v_phone_unique_id, 'verification_flow_not_found', false);

        "Outcome" := 'verification_flow_not_found';
        RETURN;
    END IF;

    IF v_membership_id IS NOT NULL THEN
        "MembershipUniqueId" := v_membership_id;
        "Status" := v_membership_st;
        "Outcome" := 'membership_already_exists';
        RETURN;
    END IF;

    IF v_flow_status <> 'verified' OR NOT v_otp_verified THEN
        INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
        VALUES (v_phone_unique_id, 'flow_not_verified', false);

        "Outcome" := 'flow_not_verified';
        RETURN;
    END IF;

    -- The membership and its success row in one statement.
    WITH created AS (
        INSERT INTO dbo."Memberships" AS m
            ("PhoneNumberId", "AppDeviceId", "VerificationFlowId", "Status", "CreationStatus")
        VALUES
            (v_phone_unique_id, v_flow_device, p_flow_id, 'inactive', 'otp_verified')
        RETURNING m."UniqueId", m."Status"
    ), logged AS (
        INSERT INTO dbo."MembershipAttempts" ("PhoneNumberId", "Outcome", "IsSuccess")
        VALUES (v_phone_unique_id, 'created', true)
    )
    SELECT created."UniqueId", created."Status" INTO v_membership_id, v_membership_st
    FROM created;

    "MembershipUniqueId" := v_membership_id;
    "Status" := v_membership_st;
    "Outcome" := 'created';
END;
$$;

-- ---------------------------------------------------------------------------
-- UpdateMembershipSecureKey
--   updated | membership_not_found | membership_blocked | invalid_secure_key
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."UpdateMembershipSecureKey";
CREATE PROCEDURE dbo."UpdateMembershipSecureKey"(
    "MembershipUniqueId" uuid,
    "SecureKey" bytea,
    INOUT "Status" varchar DEFAULT NULL,
    INOUT "CreationStatus" varchar DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_membership_id uuid  := "MembershipUniqueId";
    p_secure_key    bytea := "SecureKey";
    v_status        text;
    v_creation      text;
    v_had_key       boolean;
BEGIN
    "Status" := NULL;
    "CreationStatus" := NULL;
    "Outcome" := NULL;

    IF p_secure_key IS NULL OR length(p_secure_key) = 0 THEN
        "Outcome" := 'invalid_secure_key';
        RETURN;
    END IF;

    -- LOCK: membership:<id>. A concurrent block is never overwritten, and the sessions a replaced
    -- key ends are the ones that exist when it is replaced.
    PERFORM ecliptix_internal.lock_subject('membership:' || p_membership_id::text);

    SELECT m."Status", m."CreationStatus", m."SecureKey" IS NOT NULL
      INTO v_status, v_creation, v_had_key
    FROM dbo."Memberships" AS m
    WHERE m."UniqueId" = p_membership_id
      AND NOT m."IsDeleted";

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

    -- A replaced key (recovery) ends every active session of the membership.
    IF v_had_key THEN
        PERFORM ecliptix_internal.end_membership_contexts(p_membership_id, 'revoked', 'secure key replaced');
    END IF;

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

DROP PROCEDURE IF EXISTS dbo."VerifyPhoneForSecretKeyRecovery";
CREATE PROCEDURE dbo."VerifyPhoneForSecretKeyRecovery"(
    "PhoneNumber" varchar,
    INOUT "PhoneNumberUniqueId" uuid DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_phone_number  text := "PhoneNumber";
    v_phone_id      uuid;
    v_status        text;
    v_secure_key    bytea;
BEGIN
    "PhoneNumberUniqueId" := NULL;
    "Outcome" := NULL;

    IF NOT ecliptix_internal.is_e164_phone_number(p_phone_number) THEN
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
