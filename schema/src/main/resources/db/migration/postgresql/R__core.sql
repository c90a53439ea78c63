-- EcliptixMemberships, PostgreSQL 15: core routines and triggers (repeatable; see R__configuration.sql
-- for how repeatable migrations re-run).

-- ---------------------------------------------------------------------------
-- Helpers (outside dbo)
-- ---------------------------------------------------------------------------

-- The one lock mechanism of every rule: a transaction-owned, exclusive application lock on a named
-- subject ('phone:+14155550100', 'device:<uuid>', 'flow:<uuid>', 'membership:<uuid>',
-- 'config:<key>'), released at commit or rollback. Taken before the reads it guards, always in the
-- order phone -> flow -> membership, so that no two routines deadlock.
-- The wait is bounded: a lock not granted within Locking.LockTimeoutMilliseconds ends the call with
-- SQLSTATE 55P03 (lock_not_available) and a message naming only the subject's kind (never a phone
-- number); the error rolls the call back, so it writes nothing. lock_timeout applies to advisory locks;
-- it is set for this one wait and put back after it. A free lock is taken at once, without reading
-- the configuration.
DROP FUNCTION IF EXISTS ecliptix_internal.lock_subject;
CREATE FUNCTION ecliptix_internal.lock_subject(p_subject text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
    v_key      bigint := hashtextextended(p_subject, 0);
    v_timeout  integer;
    v_previous text;
BEGIN
    IF pg_try_advisory_xact_lock(v_key) THEN
        RETURN;
    END IF;

    v_timeout := ecliptix_internal.config_int('Locking.LockTimeoutMilliseconds');
    v_previous := current_setting('lock_timeout');
    PERFORM set_config('lock_timeout', v_timeout || 'ms', true);
    BEGIN
        PERFORM pg_advisory_xact_lock(v_key);
    EXCEPTION WHEN lock_not_available THEN
        RAISE EXCEPTION USING
            ERRCODE = 'lock_not_available',
            MESSAGE = format('Lock wait timed out: the %s lock was not granted within %s ms; nothing was written.',
                             split_part(p_subject, ':', 1), v_timeout);
    END;
    PERFORM set_config('lock_timeout', v_previous, true);
END;
$$;

-- E.164 (^\+[1-9][0-9]{6,14}$); NULL is not a phone number. Every routine that takes a phone number
-- checks it here. SQL, IMMUTABLE and one expression: PostgreSQL inlines it into the caller's.
DROP FUNCTION IF EXISTS ecliptix_internal.is_e164_phone_number;
CREATE FUNCTION ecliptix_internal.is_e164_phone_number(p_phone_number text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT p_phone_number IS NOT NULL AND p_phone_number ~ '^\+[1-9][0-9]{6,14}$'
$$;

CREATE OR REPLACE TRIGGER "TRG_AppDevices_Update"
    BEFORE UPDATE ON dbo."AppDevices"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

CREATE OR REPLACE TRIGGER "TRG_PhoneNumbers_Update"
    BEFORE UPDATE ON dbo."PhoneNumbers"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

CREATE OR REPLACE TRIGGER "TRG_PhoneNumberDevices_Update"
    BEFORE UPDATE ON dbo."PhoneNumberDevices"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

-- ---------------------------------------------------------------------------
-- GetPhoneNumber: the live phone row, or no row.
-- ---------------------------------------------------------------------------

DROP FUNCTION IF EXISTS dbo."GetPhoneNumber";
CREATE FUNCTION dbo."GetPhoneNumber"(
    "PhoneNumberUniqueId" uuid
)
RETURNS TABLE (
    "PhoneNumber" varchar(18),
    "Region" varchar(2),
    "UniqueId" uuid
)
LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p."PhoneNumber", p."Region", p."UniqueId"
    FROM dbo."PhoneNumbers" AS p
    WHERE p."UniqueId" = "GetPhoneNumber"."PhoneNumberUniqueId"
      AND NOT p."IsDeleted"
$$;

-- ---------------------------------------------------------------------------
-- RegisterAppDeviceIfNotExists
--   created | exists | invalid_input
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."RegisterAppDeviceIfNotExists";
CREATE PROCEDURE dbo."RegisterAppDeviceIfNotExists"(
    "AppInstanceId" uuid,
    "DeviceId" uuid,
    "DeviceType" integer,
    INOUT "DeviceUniqueId" uuid DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_app_instance_id uuid    := "AppInstanceId";
    p_device_id       uuid    := "DeviceId";
    p_device_type     integer := COALESCE("DeviceType", 1);
    v_unique_id       uuid;
BEGIN
    "DeviceUniqueId" := NULL;
    "Outcome" := NULL;

    IF p_app_instance_id IS NULL OR p_device_id IS NULL THEN
        "Outcome" := 'invalid_input';
        RETURN;
    END IF;

    -- LOCK: device:<DeviceId>. Guards the idempotent create: concurrent first registrations of one
    -- DeviceId create one row, and the others read it.
    PERFORM ecliptix_internal.lock_subject('device:' || p_device_id::text);

    SELECT d."UniqueId" INTO v_unique_id
    FROM dbo."AppDevices" AS d
    WHERE d."DeviceId" = p_device_id
      AND NOT d."IsDeleted";

    IF v_unique_id IS NOT NULL THEN
        -- The stored row is returned as it is (AppInstanceId and DeviceType not updated).
        "DeviceUniqueId" := v_unique_id;
        "Outcome" := 'exists';
        RETURN;
    END IF;

    INSERT INTO dbo."AppDevices" AS d ("AppInstanceId", "DeviceId", "DeviceType")
    VALUES (p_app_instance_id, p_device_id, p_device_type)
    RETURNING d."UniqueId" INTO v_unique_id;

    "DeviceUniqueId" := v_unique_id;
    "Outcome" := 'created';
END;
$$;

-- ---------------------------------------------------------------------------
-- EnsurePhoneNumber
--   created | created_and_associated | associated | exists
--   | invalid_phone_number | invalid_region | invalid_app_device
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."EnsurePhoneNumber";
CREATE PROCEDURE dbo."EnsurePhoneNumber"(
    "PhoneNumber" varchar,
    "Region" varchar,
    "AppDeviceId" uuid,
    INOUT "PhoneNumberUniqueId" uuid DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_phone_number  text := "PhoneNumber";
    p_region        text := "Region";
    p_app_device_id uuid := "AppDeviceId";
    v_phone_id      uuid;
    v_is_deleted    boolean;
BEGIN
    "PhoneNumberUniqueId" := NULL;
    "Outcome" := NULL;

    -- Input validation: nothing is written on these outcomes.
    IF NOT ecliptix_internal.is_e164_phone_number(p_phone_number) THEN
        "Outcome" := 'invalid_phone_number';
        RETURN;
    END IF;

    IF p_region IS NOT NULL AND p_region !~ '^[A-Z]{2}$' THEN
        "Outcome" := 'invalid_region';
        RETURN;
    END IF;

    IF p_app_device_id IS NOT NULL AND NOT EXISTS (
        SELECT 1
        FROM dbo."AppDevices" AS d
        WHERE d."UniqueId" = p_app_device_id
          AND NOT d."IsDeleted"
    ) THEN
        "Outcome" := 'invalid_app_device';
        RETURN;
    END IF;

    -- LOCK: phone:<number>. Guards the idempotent create of one number and the association of
    -- devices with it.
    PERFORM ecliptix_internal.lock_subject('phone:' || p_phone_number);

    SELECT p."UniqueId" INTO v_phone_id
    FROM dbo."PhoneNumbers" AS p
    WHERE p."PhoneNumber" = p_phone_number
      AND NOT p."IsDeleted";

    IF v_phone_id IS NULL THEN
        INSERT INTO dbo."PhoneNumbers" AS p ("PhoneNumber", "Region")
        VALUES (p_phone_number, p_region)
        RETURNING p."UniqueId" INTO v_phone_id;

        "PhoneNumberUniqueId" := v_phone_id;
        IF p_app_device_id IS NULL THEN
            "Outcome" := 'created';
        ELSE
            -- The device a phone is created with becomes its primary device.
            INSERT INTO dbo."PhoneNumberDevices" ("PhoneNumberId", "AppDeviceId", "IsPrimary")
            VALUES (v_phone_id, p_app_device_id, true);
            "Outcome" := 'created_and_associated';
        END IF;
        RETURN;
    END IF;

    -- A known phone: its stored row (Region included) is not changed.
    "PhoneNumberUniqueId" := v_phone_id;

    IF p_app_device_id IS NULL THEN
        "Outcome" := 'exists';
        RETURN;
    END IF;

    -- A new association (never primary), or a deleted one revived; a live one is left alone.
    SELECT pd."IsDeleted" INTO v_is_deleted
    FROM dbo."PhoneNumberDevices" AS pd
    WHERE pd."PhoneNumberId" = v_phone_id
      AND pd."AppDeviceId" = p_app_device_id;

    IF v_is_deleted IS NULL THEN
        INSERT INTO dbo."PhoneNumberDevices" ("PhoneNumberId", "AppDeviceId", "IsPrimary")
        VALUES (v_phone_id, p_app_device_id, false);
        "Outcome" := 'associated';
    ELSIF v_is_deleted THEN
        UPDATE dbo."PhoneNumberDevices" AS pd
        SET "IsDeleted" = false,
            "IsPrimary" = false
        WHERE pd."PhoneNumberId" = v_phone_id
          AND pd."AppDeviceId" = p_app_device_id;
        "Outcome" := 'associated';
    ELSE
        "Outcome" := 'exists';
    END IF;
END;
$$;
