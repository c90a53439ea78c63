-- EcliptixMemberships, PostgreSQL 15: sessions (authentication contexts), routines and triggers
-- (repeatable; see R__configuration.sql for how repeatable migrations re-run).

-- ---------------------------------------------------------------------------
-- Helpers (outside dbo). Callers hold the membership's lock.
-- ---------------------------------------------------------------------------

-- Ends every active session of a membership with the given reason; when any ended, writes one
-- contexts_revoked event saying why. Returns how many ended.
DROP FUNCTION IF EXISTS ecliptix_internal.end_membership_contexts;
CREATE FUNCTION ecliptix_internal.end_membership_contexts(p_membership_id uuid, p_end_reason text, p_why text)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_count integer;
BEGIN
    UPDATE dbo."AuthenticationContexts" AS c
    SET "IsActive" = false,
        "EndReason" = p_end_reason
    WHERE c."MembershipUniqueId" = p_membership_id
      AND c."IsActive";

    GET DIAGNOSTICS v_count = ROW_COUNT;

    IF v_count > 0 THEN
        INSERT INTO dbo."EventLog" ("EventType", "Message")
        VALUES ('contexts_revoked',
                format('%s sessions of membership %s ended (%s): %s.', v_count, p_membership_id, p_end_reason, p_why));
    END IF;
    RETURN v_count;
END;
$$;

-- Ends one session with the given reason. PL/pgSQL, not SQL: its table belongs to version 2, and
-- repeatable migrations also run at the baseline, where only a body resolved at run time is accepted.
DROP FUNCTION IF EXISTS ecliptix_internal.end_context;
CREATE FUNCTION ecliptix_internal.end_context(p_context_id uuid, p_end_reason text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE dbo."AuthenticationContexts" AS c
    SET "IsActive" = false,
        "EndReason" = p_end_reason
    WHERE c."UniqueId" = p_context_id
      AND c."IsActive";
END;
$$;

-- A session token hash as the schema stores it: 64 lower-case hex digits (SHA-256).
DROP FUNCTION IF EXISTS ecliptix_internal.is_token_hash;
CREATE FUNCTION ecliptix_internal.is_token_hash(p_hash text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT p_hash IS NOT NULL AND p_hash ~ '^[0-9a-f]{64}$'
$$;

-- ---------------------------------------------------------------------------
-- CreateAuthenticationContext
--   invalid_input | membership_not_found | membership_blocked | inactive_membership
--   | device_not_found | created
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."CreateAuthenticationContext";
CREATE PROCEDURE dbo."CreateAuthenticationContext"(
    "MembershipUniqueId" uuid,
    "AppDeviceId" uuid,
    "ContextTokenHash" varchar,
    INOUT "ContextUniqueId" uuid DEFAULT NULL,
    INOUT "ExpiresAt" timestamp(6) DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_membership_id  uuid := "MembershipUniqueId";
    p_device_id      uuid := "AppDeviceId";
    p_token_hash     text := "ContextTokenHash";
    v_lifetime_hours integer;
    v_max_contexts   integer;
    v_status         text;
    v_device_found   boolean;
    v_now            timestamp(6);
    v_context_id     uuid;
    v_expires_at     timestamp(6);
BEGIN
    "ContextUniqueId" := NULL;
    "ExpiresAt" := NULL;
    "Outcome" := NULL;

    IF p_membership_id IS NULL OR p_device_id IS NULL OR NOT ecliptix_internal.is_token_hash(p_token_hash) THEN
        "Outcome" := 'invalid_input';
        RETURN;
    END IF;

    -- LOCK: membership:<id>. Guards Authentication.MaxContextsPerMembership: parallel creations count
    -- and end the oldest sessions one after the other, and a block or a new key is seen by the next one.
    PERFORM ecliptix_internal.lock_subject('membership:' || p_membership_id::text);

    -- The membership's status, the device and both limits in one read.
    SELECT (SELECT m."Status"
            FROM dbo."Memberships" AS m
            WHERE m."UniqueId" = p_membership_id
              AND NOT m."IsDeleted"),
           EXISTS (SELECT 1
                   FROM dbo."AppDevices" AS d
                   WHERE d."UniqueId" = p_device_id
                     AND NOT d."IsDeleted"),
           ecliptix_internal.config_int('Authentication.ContextLifetimeHours'),
           ecliptix_internal.config_int('Authentication.MaxContextsPerMembership')
      INTO v_status, v_device_found, v_lifetime_hours, v_max_contexts;

    IF v_status IS NULL THEN
        "Outcome" := 'membership_not_found';
        RETURN;
    ELSIF v_status = 'blocked' THEN
        "Outcome" := 'membership_blocked';
        RETURN;
    ELSIF v_status <> 'active' THEN
        "Outcome" := 'inactive_membership';
        RETURN;
    END IF;

    IF NOT v_device_found THEN
        "Outcome" := 'device_not_found';
        RETURN;
    END IF;

    v_now := ecliptix_internal.utc_now();

    -- One statement: the membership's active sessions past their ExpiresAt end as expired (they take
    -- no place of the cap), and the oldest unexpired ones beyond the cap, counting the new session as
    -- the newest, are replaced by it (Id breaks CreatedAt ties); then the new session is inserted.
    -- The UPDATE does not see the row the INSERT adds, so the new one is counted by leaving it a place.
    WITH ended AS (
        UPDATE dbo."AuthenticationContexts" AS c
        SET "IsActive" = false,
            "EndReason" = CASE WHEN r.is_expired THEN 'expired' ELSE 'replaced' END
        FROM (SELECT a."Id",
                     a."ExpiresAt" <= v_now AS is_expired,
                     row_number() OVER (PARTITION BY a."ExpiresAt" <= v_now
                                        ORDER BY a."CreatedAt" DESC, a."Id" DESC) AS newest_first
              FROM dbo."AuthenticationContexts" AS a
              WHERE a."MembershipUniqueId" = p_membership_id
                AND a."IsActive") AS r
        WHERE c."Id" = r."Id"
          AND (r.is_expired OR r.newest_first >= v_max_contexts)
    )
    INSERT INTO dbo."AuthenticationContexts" AS c
        ("MembershipUniqueId", "AppDeviceId", "ContextTokenHash", "ExpiresAt")
    VALUES
        (p_membership_id, p_device_id, p_token_hash, v_now + make_interval(hours => v_lifetime_hours))
    RETURNING c."UniqueId", c."ExpiresAt" INTO v_context_id, v_expires_at;

    "ContextUniqueId" := v_context_id;
    "ExpiresAt" := v_expires_at;
    "Outcome" := 'created';
END;
$$;

-- ---------------------------------------------------------------------------
-- ValidateAuthenticationContext
--   invalid_input | not_found | expired | membership_blocked | valid
--   The session's ids and ExpiresAt are returned whenever an active session has the hash.
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."ValidateAuthenticationContext";
CREATE PROCEDURE dbo."ValidateAuthenticationContext"(
    "ContextTokenHash" varchar,
    INOUT "ContextUniqueId" uuid DEFAULT NULL,
    INOUT "MembershipUniqueId" uuid DEFAULT NULL,
    INOUT "ExpiresAt" timestamp(6) DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_token_hash    text := "ContextTokenHash";
    v_membership_id uuid;
    v_context_id    uuid;
    v_expires_at    timestamp(6);
    v_status        text;
    v_now           timestamp(6);
BEGIN
    "ContextUniqueId" := NULL;
    "MembershipUniqueId" := NULL;
    "ExpiresAt" := NULL;
    "Outcome" := NULL;

    IF NOT ecliptix_internal.is_token_hash(p_token_hash) THEN
        "Outcome" := 'invalid_input';
        RETURN;
    END IF;

    -- A session's membership never changes, so it may be read before the lock.
    SELECT c."MembershipUniqueId" INTO v_membership_id
    FROM dbo."AuthenticationContexts" AS c
    WHERE c."ContextTokenHash" = p_token_hash
      AND c."IsActive";

    IF v_membership_id IS NULL THEN
        "Outcome" := 'not_found';
        RETURN;
    END IF;

    -- LOCK: membership:<id>. A session that a new key, an end-all or a newer session ended is never
    -- found valid once that change committed.
    PERFORM ecliptix_internal.lock_subject('membership:' || v_membership_id::text);

    SELECT c."UniqueId", c."ExpiresAt" INTO v_context_id, v_expires_at
    FROM dbo."AuthenticationContexts" AS c
    WHERE c."ContextTokenHash" = p_token_hash
      AND c."IsActive";

    IF v_context_id IS NULL THEN
        "Outcome" := 'not_found';
        RETURN;
    END IF;

    "ContextUniqueId" := v_context_id;
    "MembershipUniqueId" := v_membership_id;
    "ExpiresAt" := v_expires_at;
    v_now := ecliptix_internal.utc_now();

    IF v_expires_at <= v_now THEN
        PERFORM ecliptix_internal.end_context(v_context_id, 'expired');
        "Outcome" := 'expired';
        RETURN;
    END IF;

    SELECT m."Status" INTO v_status
    FROM dbo."Memberships" AS m
    WHERE m."UniqueId" = v_membership_id
      AND NOT m."IsDeleted";

    -- A blocked membership (or one that is no longer live or active) ends its sessions as they are used.
    IF v_status IS DISTINCT FROM 'active' THEN
        PERFORM ecliptix_internal.end_context(v_context_id, 'revoked');
        "Outcome" := 'membership_blocked';
        RETURN;
    END IF;

    UPDATE dbo."AuthenticationContexts" AS c
    SET "LastUsedAt" = v_now
    WHERE c."UniqueId" = v_context_id;

    "Outcome" := 'valid';
END;
$$;

-- ---------------------------------------------------------------------------
-- RefreshAuthenticationContext
--   not_found | expired | refreshed
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."RefreshAuthenticationContext";
CREATE PROCEDURE dbo."RefreshAuthenticationContext"(
    "ContextUniqueId" uuid,
    INOUT "ExpiresAt" timestamp(6) DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_context_id     uuid := "ContextUniqueId";
    v_lifetime_hours integer := ecliptix_internal.config_int('Authentication.ContextLifetimeHours');
    v_membership_id  uuid;
    v_expires_at     timestamp(6);
    v_now            timestamp(6);
BEGIN
    "ExpiresAt" := NULL;
    "Outcome" := NULL;

    SELECT c."MembershipUniqueId" INTO v_membership_id
    FROM dbo."AuthenticationContexts" AS c
    WHERE c."UniqueId" = p_context_id
      AND c."IsActive";

    IF v_membership_id IS NULL THEN
        "Outcome" := 'not_found';
        RETURN;
    END IF;

    -- LOCK: membership:<id>. A session ended meanwhile (new key, end-all, replaced) is not extended.
    PERFORM ecliptix_internal.lock_subject('membership:' || v_membership_id::text);

    SELECT c."ExpiresAt" INTO v_expires_at
    FROM dbo."AuthenticationContexts" AS c
    WHERE c."UniqueId" = p_context_id
      AND c."IsActive";

    IF v_expires_at IS NULL THEN
        "Outcome" := 'not_found';
        RETURN;
    END IF;

    v_now := ecliptix_internal.utc_now();

    IF v_expires_at <= v_now THEN
        PERFORM ecliptix_internal.end_context(p_context_id, 'expired');
        "Outcome" := 'expired';
        RETURN;
    END IF;

    UPDATE dbo."AuthenticationContexts" AS c
    SET "ExpiresAt" = v_now + make_interval(hours => v_lifetime_hours)
    WHERE c."UniqueId" = p_context_id
    RETURNING c."ExpiresAt" INTO v_expires_at;

    "ExpiresAt" := v_expires_at;
    "Outcome" := 'refreshed';
END;
$$;

-- ---------------------------------------------------------------------------
-- EndAuthenticationContext
--   not_found | ended
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."EndAuthenticationContext";
CREATE PROCEDURE dbo."EndAuthenticationContext"(
    "ContextUniqueId" uuid,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_context_id    uuid := "ContextUniqueId";
    v_membership_id uuid;
    v_count         integer;
BEGIN
    "Outcome" := NULL;

    SELECT c."MembershipUniqueId" INTO v_membership_id
    FROM dbo."AuthenticationContexts" AS c
    WHERE c."UniqueId" = p_context_id
      AND c."IsActive";

    IF v_membership_id IS NULL THEN
        "Outcome" := 'not_found';
        RETURN;
    END IF;

    -- LOCK: membership:<id>. A session ends once, with one reason, whichever routine ends it first.
    PERFORM ecliptix_internal.lock_subject('membership:' || v_membership_id::text);

    UPDATE dbo."AuthenticationContexts" AS c
    SET "IsActive" = false,
        "EndReason" = 'logged_out'
    WHERE c."UniqueId" = p_context_id
      AND c."IsActive";

    GET DIAGNOSTICS v_count = ROW_COUNT;

    "Outcome" := CASE WHEN v_count > 0 THEN 'ended' ELSE 'not_found' END;
END;
$$;

-- ---------------------------------------------------------------------------
-- EndAllAuthenticationContexts
--   membership_not_found | ended (EndedCount may be 0)
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."EndAllAuthenticationContexts";
CREATE PROCEDURE dbo."EndAllAuthenticationContexts"(
    "MembershipUniqueId" uuid,
    INOUT "EndedCount" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_membership_id uuid := "MembershipUniqueId";
BEGIN
    "EndedCount" := NULL;
    "Outcome" := NULL;

    IF p_membership_id IS NULL THEN
        "Outcome" := 'membership_not_found';
        RETURN;
    END IF;

    -- LOCK: membership:<id>. No session created in parallel survives an end-all that returned before
    -- it, and the count is exactly the sessions this call ended.
    PERFORM ecliptix_internal.lock_subject('membership:' || p_membership_id::text);

    IF NOT EXISTS (
        SELECT 1
        FROM dbo."Memberships" AS m
        WHERE m."UniqueId" = p_membership_id
          AND NOT m."IsDeleted"
    ) THEN
        "Outcome" := 'membership_not_found';
        RETURN;
    END IF;

    "EndedCount" := ecliptix_internal.end_membership_contexts(p_membership_id, 'revoked', 'all sessions ended on request');
    "Outcome" := 'ended';
END;
$$;
