-- EcliptixMemberships, PostgreSQL 15: login attempts and login, routines and triggers (repeatable;
-- see R__configuration.sql for how repeatable migrations re-run).

CREATE OR REPLACE TRIGGER "TRG_LoginAttempts_Update"
    BEFORE UPDATE ON dbo."LoginAttempts"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

-- ---------------------------------------------------------------------------
-- Helpers shared by LoginMembership and LogLoginAttempt. Both callers hold the phone's lock before
-- calling them. They are PL/pgSQL, which keeps each statement's plan for the session; a SQL function
-- that reads a table is planned again at every call.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS ecliptix_internal.login_counted_since;
DROP FUNCTION IF EXISTS ecliptix_internal.login_locked_until;

-- What the phone's next attempt is judged by, read in one statement: the time its rows count from
-- (counted_since), the end of its running lockout (locked_until, NULL when none), and the window.
-- Rows count only after the phone's latest success, and never further back than max(24 h, window):
-- a lockout lasts at most 24 h, so a row whose LockedUntil is still ahead was written within that
-- range, which keeps every read a bounded index range scan. The latest success is read as the first
-- entry of a backward index scan (ORDER BY ... LIMIT 1), not as max(): the planner only turns max()
-- into that when its statistics expect many rows, and otherwise reads every success of the range.
DROP FUNCTION IF EXISTS ecliptix_internal.login_state;
CREATE FUNCTION ecliptix_internal.login_state(p_phone_number text, p_now timestamp(6))
RETURNS TABLE (counted_since timestamp(6), locked_until timestamp(6), window_minutes integer)
-- SQL, one SELECT, STABLE, returning a table: PostgreSQL inlines it into the caller's query, whose
-- plan PL/pgSQL keeps for the session, so it costs no call of its own.
LANGUAGE sql
STABLE
AS $$
    -- GREATEST ignores the NULL of a phone without a success.
    SELECT s.since_at,
           (SELECT max(l."LockedUntil")
            FROM dbo."LoginAttempts" AS l
            WHERE l."PhoneNumber" = p_phone_number
              AND l."CreatedAt" > s.since_at
              AND l."LockedUntil" IS NOT NULL
              AND l."LockedUntil" > p_now),
           s.window_minutes
    FROM (SELECT GREATEST(h.horizon,
                          (SELECT l."CreatedAt"
                           FROM dbo."LoginAttempts" AS l
                           WHERE l."PhoneNumber" = p_phone_number
                             AND l."IsSuccess"
                             AND l."CreatedAt" > h.horizon
                           ORDER BY l."CreatedAt" DESC
                           LIMIT 1)) AS since_at,
                 h.window_minutes
          FROM (SELECT p_now - GREATEST(interval '24 hours', make_interval(mins => w.window_minutes)) AS horizon,
                       w.window_minutes
                FROM (SELECT ecliptix_internal.config_int('Authentication.AttemptWindowMinutes') AS window_minutes
                      OFFSET 0) AS w) AS h
          -- Kept subqueries (not pulled up), so the limit and the latest success are read once each.
          OFFSET 0) AS s
$$;

-- Records one decided login attempt, given the phone's state (login_state, read under the same lock).
-- A failure (outside a running lockout) that reaches Authentication.MaxFailedAttempts within the
-- window starts a lockout on its own row: the first lasts LockoutDurationMinutes, each earlier lockout
-- of the last 24 h doubles it, capped at 24 h; it writes a security event. Returns the lockout's
-- length in seconds, or NULL. The other limits are read only on the failure path.
DROP FUNCTION IF EXISTS ecliptix_internal.record_login_attempt;
CREATE FUNCTION ecliptix_internal.record_login_attempt(
    p_phone_number text, p_outcome text, p_is_success boolean,
    p_now timestamp(6), p_since timestamp(6), p_locked boolean, p_window_minutes integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_max_failed      integer;
    v_lockout_minutes integer;
    v_failed_count    integer;
    v_lockout_count   integer;
    v_duration_min    integer;
BEGIN
    IF p_is_success OR p_outcome = 'locked_out' OR p_locked THEN
        INSERT INTO dbo."LoginAttempts" ("PhoneNumber", "Outcome", "IsSuccess")
        VALUES (p_phone_number, p_outcome, p_is_success);
        RETURN NULL;
    END IF;

    v_max_failed := ecliptix_internal.config_int('Authentication.MaxFailedAttempts');

    -- The failures in the window after the latest success, this one included. Only whether the limit
    -- is reached matters, so at most v_max_failed - 1 earlier rows are read, however many there are.
    SELECT count(*) + 1 INTO v_failed_count
    FROM (SELECT 1
          FROM dbo."LoginAttempts" AS l
          WHERE l."PhoneNumber" = p_phone_number
            AND l."CreatedAt" > GREATEST(p_now - make_interval(mins => p_window_minutes), p_since)
            AND NOT l."IsSuccess"
            AND l."Outcome" <> 'locked_out'
          LIMIT v_max_failed - 1) AS counted;

    IF v_failed_count < v_max_failed THEN
        INSERT INTO dbo."LoginAttempts" ("PhoneNumber", "Outcome", "IsSuccess")
        VALUES (p_phone_number, p_outcome, false);
        RETURN NULL;
    END IF;

    v_lockout_minutes := ecliptix_internal.config_int('Authentication.LockoutDurationMinutes');

    SELECT count(*) INTO v_lockout_count
    FROM dbo."LoginAttempts" AS l
    WHERE l."PhoneNumber" = p_phone_number
      AND l."CreatedAt" > GREATEST(p_now - interval '24 hours', p_since)
      AND l."LockedUntil" IS NOT NULL;

    v_duration_min := LEAST(1440::numeric,
                            v_lockout_minutes::numeric * power(2::numeric, LEAST(v_lockout_count, 11)))::integer;

    INSERT INTO dbo."LoginAttempts" ("PhoneNumber", "Outcome", "IsSuccess", "LockedUntil")
    VALUES (p_phone_number, p_outcome, false, p_now + make_interval(mins => v_duration_min));

    INSERT INTO dbo."EventLog" ("EventType", "Message")
    VALUES ('lockout',
            format('Login locked for phone %s: %s failed attempts within %s minutes (limit %s), lockout %s of the last 24 hours, %s minutes.',
                   p_phone_number, v_failed_count, p_window_minutes, v_max_failed,
                   v_lockout_count + 1, v_duration_min));

    RETURN v_duration_min * 60;
END;
$$;

-- ---------------------------------------------------------------------------
-- LogLoginAttempt
--   logged | invalid_input
--   A logged failure counts like a failed LoginMembership and can start a lockout.
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."LogLoginAttempt";
CREATE PROCEDURE dbo."LogLoginAttempt"(
    "PhoneNumber" varchar,
    "Outcome" varchar,
    "IsSuccess" boolean,
    INOUT "Result" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_phone_number text    := "PhoneNumber";
    p_outcome      text    := "Outcome";
    p_is_success   boolean := "IsSuccess";
    v_now          timestamp(6);
    v_since        timestamp(6);
    v_locked_until timestamp(6);
    v_window_minutes integer;
BEGIN
    "Result" := NULL;

    IF NOT ecliptix_internal.is_e164_phone_number(p_phone_number)
       OR p_outcome IS NULL OR p_outcome = '' OR length(p_outcome) > 50
       OR p_is_success IS NULL THEN
        "Result" := 'invalid_input';
        RETURN;
    END IF;

    -- LOCK: phone:<number>. Guards Authentication.MaxFailedAttempts and the lockouts, like
    -- LoginMembership.
    PERFORM ecliptix_internal.lock_subject('phone:' || p_phone_number);

    v_now := ecliptix_internal.utc_now();
    SELECT st.counted_since, st.locked_until, st.window_minutes INTO v_since, v_locked_until, v_window_minutes
    FROM ecliptix_internal.login_state(p_phone_number, v_now) AS st;

    PERFORM ecliptix_internal.record_login_attempt(p_phone_number, p_outcome, p_is_success,
                                                   v_now, v_since, v_locked_until IS NOT NULL, v_window_minutes);

    "Result" := 'logged';
END;
$$;

-- ---------------------------------------------------------------------------
-- LoginMembership
--   invalid_phone_number | locked_out | phone_number_not_found | membership_not_found
--   | secure_key_not_set | inactive_membership | success
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."LoginMembership";
CREATE PROCEDURE dbo."LoginMembership"(
    "PhoneNumber" varchar,
    INOUT "MembershipUniqueId" uuid DEFAULT NULL,
    INOUT "Status" varchar DEFAULT NULL,
    INOUT "SecureKey" bytea DEFAULT NULL,
    INOUT "LockedForSeconds" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_phone_number  text := "PhoneNumber";
    v_now           timestamp(6);
    v_since         timestamp(6);
    v_locked_until  timestamp(6);
    v_window_minutes integer;
    v_phone_id      uuid;
    v_membership_id uuid;
    v_status        text;
    v_secure_key    bytea;
    v_outcome       text;
BEGIN
    "MembershipUniqueId" := NULL;
    "Status" := NULL;
    "SecureKey" := NULL;
    "LockedForSeconds" := NULL;
    "Outcome" := NULL;

    -- Not logged.
    IF NOT ecliptix_internal.is_e164_phone_number(p_phone_number) THEN
        "Outcome" := 'invalid_phone_number';
        RETURN;
    END IF;

    -- LOCK: phone:<number>. Guards Authentication.MaxFailedAttempts within
    -- Authentication.AttemptWindowMinutes and the lockouts (LockedUntil) and their doubling.
    PERFORM ecliptix_internal.lock_subject('phone:' || p_phone_number);

    -- One read: the phone's state (login_state) with the phone and its live membership (v_phone_id
    -- NULL: no live phone). A running lockout decides before they are looked at.
    v_now := ecliptix_internal.utc_now();
    SELECT st.counted_since, st.locked_until, st.window_minutes, p."UniqueId", m."UniqueId", m."Status", m."SecureKey"
      INTO v_since, v_locked_until, v_window_minutes, v_phone_id, v_membership_id, v_status, v_secure_key
    FROM ecliptix_internal.login_state(p_phone_number, v_now) AS st
    LEFT JOIN dbo."PhoneNumbers" AS p
      ON p."PhoneNumber" = p_phone_number
     AND NOT p."IsDeleted"
    LEFT JOIN dbo."Memberships" AS m
      ON m."PhoneNumberId" = p."UniqueId"
     AND NOT m."IsDeleted";

    IF v_locked_until IS NOT NULL THEN
        -- Logged, not counted as a failure.
        PERFORM ecliptix_internal.record_login_attempt(p_phone_number, 'locked_out', false,
                                                       v_now, v_since, true, v_window_minutes);
        "LockedForSeconds" := GREATEST(1, CEILING(EXTRACT(EPOCH FROM (v_locked_until - v_now))))::integer;
        "Outcome" := 'locked_out';
        RETURN;
    END IF;

    IF v_phone_id IS NULL THEN
        v_outcome := 'phone_number_not_found';
    ELSE
        IF v_membership_id IS NULL THEN
            v_outcome := 'membership_not_found';
        ELSIF v_secure_key IS NULL OR length(v_secure_key) = 0 THEN
            v_outcome := 'secure_key_not_set';
        ELSIF v_status <> 'active' THEN
            -- inactive and blocked memberships alike.
            v_outcome := 'inactive_membership';
        ELSE
            v_outcome := 'success';
        END IF;

        -- The membership's id and status are returned whenever it is found; the key only on success.
        "MembershipUniqueId" := v_membership_id;
        "Status" := v_status;
    END IF;

    -- On the failure that starts a lockout, LockedForSeconds is the lockout's whole length.
    "LockedForSeconds" := ecliptix_internal.record_login_attempt(p_phone_number, v_outcome, v_outcome = 'success',
                                                                 v_now, v_since, false, v_window_minutes);
    IF v_outcome = 'success' THEN
        "SecureKey" := v_secure_key;
    END IF;
    "Outcome" := v_outcome;
END;
$$;
