-- EcliptixMemberships, PostgreSQL 15: configuration and security event log.

-- ---------------------------------------------------------------------------
-- SystemConfiguration (no CreatedAt, no trigger: "UpdatedAt" is set by SetConfigValue)
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."SystemConfiguration" (
    "Id"          bigint GENERATED ALWAYS AS IDENTITY,
    "ConfigKey"   varchar(100) NOT NULL,
    "ConfigValue" text         NOT NULL,
    "DataType"    varchar(10)  NOT NULL,
    "Description" varchar(500) NULL,
    "Category"    varchar(50)  NULL,
    "UpdatedAt"   timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_SystemConfiguration" PRIMARY KEY ("Id"),
    CONSTRAINT "UQ_SystemConfiguration_ConfigKey" UNIQUE ("ConfigKey"),
    CONSTRAINT "CK_SystemConfiguration_DataType" CHECK ("DataType" IN ('int', 'bool', 'string'))
);

INSERT INTO dbo."SystemConfiguration" ("ConfigKey", "ConfigValue", "DataType", "Description", "Category")
VALUES
    ('Verification.MaxFlowsPerHour', '30', 'int',
     'Verification flows that may be created for one phone number in the trailing hour.', 'Verification'),
    ('Verification.FlowLifetimeMinutes', '5', 'int',
     'Minutes until a new verification flow expires.', 'Verification'),
    ('Verification.VerifiedFlowLifetimeHours', '24', 'int',
     'Hours a verified verification flow stays usable.', 'Verification'),
    ('OTP.MaxAttempts', '5', 'int',
     'OTP codes issued per flow, and failed OTP checks per flow; reaching either fails the flow.', 'OTP'),
    ('OTP.ResendCooldownSeconds', '30', 'int',
     'Minimum seconds between two OTPs of one flow.', 'OTP'),
    ('Authentication.MaxFailedAttempts', '5', 'int',
     'Failed logins for one phone number within the attempt window that start a lockout.', 'Authentication'),
    ('Authentication.AttemptWindowMinutes', '5', 'int',
     'Minutes of the sliding window in which failed logins are counted.', 'Authentication'),
    ('Authentication.LockoutDurationMinutes', '5', 'int',
     'Minutes of the first lockout; each lockout within the previous 24 hours doubles it, capped at 24 hours.', 'Authentication'),
    ('Membership.MaxFailedAttemptsPerHour', '5', 'int',
     'Failed membership creations for one phone number in the trailing hour.', 'Membership');

-- ---------------------------------------------------------------------------
-- EventLog (security events; no UpdatedAt, no trigger)
-- ---------------------------------------------------------------------------

CREATE TABLE dbo."EventLog" (
    "Id"        bigint GENERATED ALWAYS AS IDENTITY,
    "EventType" varchar(50)  NOT NULL,
    "Message"   text         NOT NULL,
    "CreatedAt" timestamp(6) NOT NULL DEFAULT ecliptix_internal.utc_now(),
    CONSTRAINT "PK_EventLog" PRIMARY KEY ("Id")
);

-- ---------------------------------------------------------------------------
-- ecliptix_internal.config_int: a limit from SystemConfiguration, or the fallback when the key
-- is missing, the value is not an integer (^-?[0-9]+$, within integer range) or it is <= 0.
-- ---------------------------------------------------------------------------

CREATE FUNCTION ecliptix_internal.config_int(key text, fallback integer)
RETURNS integer
LANGUAGE sql STABLE
AS $$
    SELECT COALESCE(
        (SELECT CASE
                    WHEN c."ConfigValue" ~ '^-?[0-9]+$' THEN
                        CASE
                            WHEN c."ConfigValue"::numeric BETWEEN 1 AND 2147483647
                                THEN c."ConfigValue"::numeric::integer
                        END
                END
         FROM dbo."SystemConfiguration" AS c
         WHERE c."ConfigKey" = $1),
        $2)
$$;

-- ---------------------------------------------------------------------------
-- GetConfigValue: the stored value, or NULL.
-- ---------------------------------------------------------------------------

CREATE FUNCTION dbo."GetConfigValue"(
    "ConfigKey" varchar
)
RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT c."ConfigValue"
    FROM dbo."SystemConfiguration" AS c
    WHERE c."ConfigKey" = "GetConfigValue"."ConfigKey"
$$;

-- ---------------------------------------------------------------------------
-- SetConfigValue
--   updated | created | invalid_value
-- ---------------------------------------------------------------------------

CREATE PROCEDURE dbo."SetConfigValue"(
    "ConfigKey" varchar,
    "ConfigValue" text,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
AS $$
DECLARE
    p_key       text := "ConfigKey";
    p_value     text := "ConfigValue";
    v_data_type text;
    v_inserted  boolean;
BEGIN
    "Outcome" := NULL;

    IF p_key IS NULL OR p_key = '' OR length(p_key) > 100 OR p_value IS NULL THEN
        "Outcome" := 'invalid_value';
        RETURN;
    END IF;

    LOOP
        -- Lock the key's row so the type check and the update see the same row.
        SELECT c."DataType" INTO v_data_type
        FROM dbo."SystemConfiguration" AS c
        WHERE c."ConfigKey" = p_key
        FOR NO KEY UPDATE;

        IF FOUND THEN
            IF (v_data_type = 'int'
                    AND NOT (p_value ~ '^-?[0-9]+$'
                             AND p_value::numeric BETWEEN 1 AND 2147483647))
               OR (v_data_type = 'bool' AND p_value NOT IN ('true', 'false')) THEN
                -- int keys are limits: an integer within range and > 0.
                "Outcome" := 'invalid_value';
                RETURN;
            END IF;

            UPDATE dbo."SystemConfiguration" AS c
            SET "ConfigValue" = p_value,
                "UpdatedAt" = ecliptix_internal.utc_now()
            WHERE c."ConfigKey" = p_key;

            "Outcome" := 'updated';
            RETURN;
        END IF;

        -- A new key is a string; UQ_SystemConfiguration_ConfigKey serialises concurrent creation.
        v_inserted := NULL;
        INSERT INTO dbo."SystemConfiguration" AS c ("ConfigKey", "ConfigValue", "DataType")
        VALUES (p_key, p_value, 'string')
        ON CONFLICT DO NOTHING
        RETURNING true INTO v_inserted;

        IF v_inserted THEN
            "Outcome" := 'created';
            RETURN;
        END IF;
        -- Someone else created the key in between: update it instead.
    END LOOP;
END;
$$;
