-- EcliptixMemberships, PostgreSQL 15: core objects.
-- Contract: ../shared/CONTRACT.md; project decisions: docs/schema-decisions.md.
-- Every object is schema-qualified: Flyway runs with search_path set to schema "flyway".

CREATE SCHEMA dbo;
CREATE SCHEMA ecliptix_internal;

-- ---------------------------------------------------------------------------
-- Helpers (outside dbo)
-- ---------------------------------------------------------------------------

-- The database clock in UTC, read fresh per call (clock_timestamp, not now()).
CREATE FUNCTION ecliptix_internal.utc_now()
RETURNS timestamp(6)
LANGUAGE sql
VOLATILE
AS $$
    SELECT (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(6)
$$;

-- Shared BEFORE UPDATE trigger body: keeps "UpdatedAt" current. It only changes NEW,
-- so it never fires another UPDATE and cannot recurse.
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

CREATE TRIGGER "TRG_AppDevices_Update"
    BEFORE UPDATE ON dbo."AppDevices"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

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

CREATE TRIGGER "TRG_PhoneNumbers_Update"
    BEFORE UPDATE ON dbo."PhoneNumbers"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

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

CREATE TRIGGER "TRG_PhoneNumberDevices_Update"
    BEFORE UPDATE ON dbo."PhoneNumberDevices"
    FOR EACH ROW EXECUTE FUNCTION ecliptix_internal.set_updated_at();

-- ---------------------------------------------------------------------------
-- GetPhoneNumber: the live phone row, or no row.
-- ---------------------------------------------------------------------------

CREATE FUNCTION dbo."GetPhoneNumber"(
    "PhoneNumberUniqueId" uuid
)
RETURNS TABLE (
    "PhoneNumber" varchar(18),
    "Region" varchar(2),
    "UniqueId" uuid
)
LANGUAGE sql STABLE
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

CREATE PROCEDURE dbo."RegisterAppDeviceIfNotExists"(
    "AppInstanceId" uuid,
    "DeviceId" uuid,
    "DeviceType" integer,
    INOUT "DeviceUniqueId" uuid DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
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

    -- Concurrent first registrations of one DeviceId are serialised by UX_AppDevices_Live:
    -- the loser waits for the winner's commit, does nothing, and then reads the winner's row.
    LOOP
        INSERT INTO dbo."AppDevices" AS d ("AppInstanceId", "DeviceId", "DeviceType")
        VALUES (p_app_instance_id, p_device_id, p_device_type)
        ON CONFLICT DO NOTHING
        RETURNING d."UniqueId" INTO v_unique_id;

        IF v_unique_id IS NOT NULL THEN
            "DeviceUniqueId" := v_unique_id;
            "Outcome" := 'created';
            RETURN;
        END IF;

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
        -- The conflicting row was soft-deleted in between: try the insert again.
    END LOOP;
END;
$$;

-- ---------------------------------------------------------------------------
-- EnsurePhoneNumber
--   created | created_and_associated | associated | exists
--   | invalid_phone_number | invalid_region | invalid_app_device
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."EnsurePhoneNumber"(
    "PhoneNumber" varchar,
    "Region" varchar,
    "AppDeviceId" uuid,
    INOUT "PhoneNumberUniqueId" uuid DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_phone_number  text := "PhoneNumber";
    p_region        text := "Region";
    p_app_device_id uuid := "AppDeviceId";
    v_phone_id      uuid;
    v_touched       boolean;
BEGIN
    "PhoneNumberUniqueId" := NULL;
    "Outcome" := NULL;

    -- Input validation: nothing is written on these outcomes.
    IF p_phone_number IS NULL OR p_phone_number !~ '^\+[1-9][0-9]{6,14}$' THEN
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

    -- Concurrent creation of one number is serialised by UX_PhoneNumbers_Live.
    LOOP
        INSERT INTO dbo."PhoneNumbers" AS p ("PhoneNumber", "Region")
        VALUES (p_phone_number, p_region)
        ON CONFLICT DO NOTHING
        RETURNING p."UniqueId" INTO v_phone_id;

        IF v_phone_id IS NOT NULL THEN
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

        SELECT p."UniqueId" INTO v_phone_id
        FROM dbo."PhoneNumbers" AS p
        WHERE p."PhoneNumber" = p_phone_number
          AND NOT p."IsDeleted";

        EXIT WHEN v_phone_id IS NOT NULL;
        -- The conflicting row was soft-deleted in between: try the insert again.
    END LOOP;

    "PhoneNumberUniqueId" := v_phone_id;

    IF p_app_device_id IS NULL THEN
        "Outcome" := 'exists';
        RETURN;
    END IF;

    -- A new association (never primary), or a deleted one revived; a live one is left alone.
    -- The primary key serialises concurrent associations of the same pair.
    v_touched := NULL;
    INSERT INTO dbo."PhoneNumberDevices" AS pd ("PhoneNumberId", "AppDeviceId", "IsPrimary")
    VALUES (v_phone_id, p_app_device_id, false)
    ON CONFLICT ON CONSTRAINT "PK_PhoneNumberDevices" DO UPDATE
        SET "IsDeleted" = false,
            "IsPrimary" = false
        WHERE pd."IsDeleted"
    RETURNING true INTO v_touched;

    IF v_touched THEN
        "Outcome" := 'associated';
    ELSE
        "Outcome" := 'exists';
    END IF;
END;
$$;
