-- EcliptixMemberships, PostgreSQL 15: configuration routines (repeatable).
-- Repeatable migrations re-run whenever their file changes: each routine is dropped (by name, so a
-- changed signature re-runs too) and created again. Flyway applies them after the versioned ones,
-- in alphabetical order: configuration, core, login, maintenance, membership, session, verification.
-- dbo routines run as their owner (SECURITY DEFINER) with a fixed search_path, so the application
-- role needs EXECUTE only; every reference is schema-qualified.

-- ---------------------------------------------------------------------------
-- The limits. Each limit's default is written once, in limit_default; the rows V1 and V2 seeded with
-- the defaults of their day are data, and the Java API reads defaults through GetLimit.
-- ---------------------------------------------------------------------------

-- A limit's default; NULL for a key that is not a limit (which is how SetConfigValue tells the two apart).
DROP FUNCTION IF EXISTS ecliptix_internal.limit_default;
CREATE FUNCTION ecliptix_internal.limit_default(p_key text)
RETURNS integer
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE p_key
        WHEN 'Verification.MaxFlowsPerHour'            THEN 30
        WHEN 'Verification.FlowLifetimeMinutes'        THEN 5
        WHEN 'Verification.VerifiedFlowLifetimeHours'  THEN 24
        WHEN 'OTP.MaxAttempts'                         THEN 5
        WHEN 'OTP.ResendCooldownSeconds'               THEN 30
        WHEN 'Authentication.MaxFailedAttempts'        THEN 5
        WHEN 'Authentication.AttemptWindowMinutes'     THEN 5
        WHEN 'Authentication.LockoutDurationMinutes'   THEN 5
        WHEN 'Membership.MaxFailedAttemptsPerHour'     THEN 5
        WHEN 'Authentication.ContextLifetimeHours'     THEN 24
        WHEN 'Authentication.MaxContextsPerMembership' THEN 5
        WHEN 'Retention.AttemptLogDays'                THEN 30
        WHEN 'Retention.EventLogDays'                  THEN 90
        WHEN 'Retention.EndedFlowDays'                 THEN 30
        WHEN 'Retention.EndedContextDays'              THEN 7
        WHEN 'Locking.LockTimeoutMilliseconds'         THEN 5000
    END
$$;

-- A value as a limit: a whole number > 0 within integer range, in ASCII digits only (no sign, blank or
-- other script's digits), else NULL. SetConfigValue stores only what this reads; config_int falls back
-- to the default for anything else found in the table. The cast runs only on digits (CASE keeps the order).
DROP FUNCTION IF EXISTS ecliptix_internal.parse_limit;
CREATE FUNCTION ecliptix_internal.parse_limit(p_value text)
RETURNS integer
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN p_value ~ '^[0-9]+$' THEN
               CASE WHEN p_value::numeric BETWEEN 1 AND 2147483647 THEN p_value::numeric::integer END
           END
$$;

-- The value of a limit the routines use: the stored one when it reads as a limit, else the default.
DROP FUNCTION IF EXISTS ecliptix_internal.config_int;
CREATE FUNCTION ecliptix_internal.config_int(p_key text)
RETURNS integer
LANGUAGE sql STABLE
AS $$
    SELECT COALESCE(
        (SELECT ecliptix_internal.parse_limit(c."ConfigValue")
         FROM dbo."SystemConfiguration" AS c
         WHERE c."ConfigKey" = p_key),
        ecliptix_internal.limit_default(p_key))
$$;

-- ---------------------------------------------------------------------------
-- GetConfigValue: the stored value, or NULL.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS dbo."GetConfigValue";
CREATE FUNCTION dbo."GetConfigValue"(
    "ConfigKey" varchar
)
RETURNS text
LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c."ConfigValue"
    FROM dbo."SystemConfiguration" AS c
    WHERE c."ConfigKey" = "GetConfigValue"."ConfigKey"
$$;

-- ---------------------------------------------------------------------------
-- GetLimit: one row for a limit (the stored value or NULL, the value the routines use, the default),
-- none for a key that is not a limit.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS dbo."GetLimit";
CREATE FUNCTION dbo."GetLimit"(
    "ConfigKey" varchar
)
RETURNS TABLE (
    "ConfigValue" text,
    "EffectiveValue" integer,
    "DefaultValue" integer
)
LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (SELECT c."ConfigValue"
            FROM dbo."SystemConfiguration" AS c
            WHERE c."ConfigKey" = "GetLimit"."ConfigKey"),
           ecliptix_internal.config_int("GetLimit"."ConfigKey"),
           d.default_value
    FROM (SELECT ecliptix_internal.limit_default("GetLimit"."ConfigKey") AS default_value) AS d
    WHERE d.default_value IS NOT NULL
$$;

-- ---------------------------------------------------------------------------
-- SetConfigValue
--   updated | created | invalid_value
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."SetConfigValue";
CREATE PROCEDURE dbo."SetConfigValue"(
    "ConfigKey" varchar,
    "ConfigValue" text,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_key       text := "ConfigKey";
    p_value     text := "ConfigValue";
    v_is_limit  boolean := ecliptix_internal.limit_default("ConfigKey") IS NOT NULL;
    v_data_type text;
    v_old_value text;
BEGIN
    "Outcome" := NULL;

    IF p_key IS NULL OR p_key = '' OR length(p_key) > 100 OR p_value IS NULL THEN
        "Outcome" := 'invalid_value';
        RETURN;
    END IF;

    -- LOCK: config:<key>. The type check, the change and its audit event see the same row, and
    -- concurrent creations of one new key create it once.
    PERFORM ecliptix_internal.lock_subject('config:' || p_key);

    SELECT c."DataType", c."ConfigValue" INTO v_data_type, v_old_value
    FROM dbo."SystemConfiguration" AS c
    WHERE c."ConfigKey" = p_key;

    -- A limit is an int whatever its row says (missing, or created as a string before it was a limit):
    -- a whole number > 0, so that retention keys are at least 1 day and no limit ever loses a row it
    -- still counts. Any other new key is a string.
    IF ((v_is_limit OR v_data_type = 'int') AND ecliptix_internal.parse_limit(p_value) IS NULL)
       OR (NOT v_is_limit AND v_data_type = 'bool' AND p_value NOT IN ('true', 'false')) THEN
        "Outcome" := 'invalid_value';
        RETURN;
    END IF;

    IF v_data_type IS NULL THEN
        INSERT INTO dbo."SystemConfiguration" ("ConfigKey", "ConfigValue", "DataType", "Category")
        VALUES (p_key, p_value, CASE WHEN v_is_limit THEN 'int' ELSE 'string' END,
                CASE WHEN v_is_limit THEN split_part(p_key, '.', 1) END);

        INSERT INTO dbo."EventLog" ("EventType", "Message")
        VALUES ('config_changed', format('Configuration key %s created with value %s.', p_key, p_value));

        "Outcome" := 'created';
        RETURN;
    END IF;

    UPDATE dbo."SystemConfiguration" AS c
    SET "ConfigValue" = p_value,
        "DataType" = CASE WHEN v_is_limit THEN 'int' ELSE c."DataType" END,
        "UpdatedAt" = ecliptix_internal.utc_now()
    WHERE c."ConfigKey" = p_key;

    INSERT INTO dbo."EventLog" ("EventType", "Message")
    VALUES ('config_changed', format('Configuration key %s changed from %s to %s.', p_key, v_old_value, p_value));

    "Outcome" := 'updated';
END;
$$;
