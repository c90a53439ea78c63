-- EcliptixMemberships, PostgreSQL 15: configuration routines (repeatable).
-- Repeatable migrations re-run whenever their file changes: each routine is dropped (by name, so a
-- changed signature re-runs too) and created again. Flyway applies them after the versioned ones,
-- in alphabetical order: configuration, core, login, maintenance, membership, session, verification.
-- dbo routines run as their owner (SECURITY DEFINER) with a fixed search_path, so the application
-- role needs EXECUTE only; every reference is schema-qualified.

-- ---------------------------------------------------------------------------
-- ecliptix_internal.config_int: a limit from SystemConfiguration, or its default when the key is
-- missing or its value is not an integer > 0 within integer range. The one place where each limit's
-- default is written.
-- PL/pgSQL, not SQL: a SQL function that reads a table cannot be inlined, and PostgreSQL plans its
-- body again at every call (about 0.3 ms, most of a login's own time); PL/pgSQL keeps the plan for
-- the session.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS ecliptix_internal.config_int;
CREATE FUNCTION ecliptix_internal.config_int(p_key text)
RETURNS integer
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN COALESCE(
        (SELECT CASE
                    WHEN c."ConfigValue" ~ '^-?[0-9]+$'
                     AND c."ConfigValue"::numeric BETWEEN 1 AND 2147483647
                        THEN c."ConfigValue"::numeric::integer
                END
         FROM dbo."SystemConfiguration" AS c
         WHERE c."ConfigKey" = p_key),
        CASE p_key
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
        END);
END;
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

    IF v_data_type IS NULL THEN
        -- A new key is a string.
        INSERT INTO dbo."SystemConfiguration" ("ConfigKey", "ConfigValue", "DataType")
        VALUES (p_key, p_value, 'string');

        INSERT INTO dbo."EventLog" ("EventType", "Message")
        VALUES ('config_changed', format('Configuration key %s created with value %s.', p_key, p_value));

        "Outcome" := 'created';
        RETURN;
    END IF;

    -- int keys are limits: an integer within range and > 0; retention keys at least 1 day, which
    -- the same rule gives, so that no limit ever loses a row it still counts.
    IF (v_data_type = 'int'
            AND NOT (p_value ~ '^-?[0-9]+$'
                     AND p_value::numeric BETWEEN 1 AND 2147483647))
       OR (v_data_type = 'bool' AND p_value NOT IN ('true', 'false')) THEN
        "Outcome" := 'invalid_value';
        RETURN;
    END IF;

    UPDATE dbo."SystemConfiguration" AS c
    SET "ConfigValue" = p_value,
        "UpdatedAt" = ecliptix_internal.utc_now()
    WHERE c."ConfigKey" = p_key;

    INSERT INTO dbo."EventLog" ("EventType", "Message")
    VALUES ('config_changed', format('Configuration key %s changed from %s to %s.', p_key, v_old_value, p_value));

    "Outcome" := 'updated';
END;
$$;
