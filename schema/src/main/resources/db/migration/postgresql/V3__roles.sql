-- EcliptixMemberships, PostgreSQL 15: the roles of contract version 2 (ecliptix_app, ecliptix_readonly).
-- Logins are mapped to them by operators (README, "Database roles"); no migration creates a login.
-- Every dbo routine runs as its owner (SECURITY DEFINER, search_path = pg_catalog, pg_temp), so
-- EXECUTE is all the application role holds: no table, no helper in ecliptix_internal.

-- ---------------------------------------------------------------------------
-- Roles are cluster-wide: created only when missing, NOLOGIN. Two databases of one server may migrate
-- at once; an advisory lock would not serialise them (advisory locks are per database), so the loser
-- of the race between the check and CREATE ROLE takes the other's role instead of failing: its
-- CREATE ROLE waits for the winner's commit, then fails with unique_violation (or duplicate_object when
-- it already sees the row), which is caught.
-- ---------------------------------------------------------------------------

CREATE FUNCTION ecliptix_internal.create_role_if_missing(p_role text)
RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = p_role) THEN
        RETURN false;
    END IF;
    BEGIN
        EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', p_role);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        RETURN false; -- created meanwhile by the migration of another database
    END;
    RETURN true;
END;
$$;

DO $$
BEGIN
    PERFORM ecliptix_internal.create_role_if_missing('ecliptix_app');
    PERFORM ecliptix_internal.create_role_if_missing('ecliptix_readonly');
END
$$;

-- ---------------------------------------------------------------------------
-- Routines: EXECUTE on every dbo routine for ecliptix_app, and on no routine for PUBLIC (PostgreSQL
-- grants EXECUTE to PUBLIC on every new routine). Re-creating a routine resets its privileges, so the
-- end of each repeatable migration calls this again; here it covers the routines that exist already
-- (an upgrade from version 2).
-- ---------------------------------------------------------------------------

CREATE FUNCTION ecliptix_internal.grant_routine_privileges()
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT n.nspname,
               CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END AS kind,
               pg_catalog.format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) AS signature
        FROM pg_catalog.pg_proc AS p
        JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('dbo', 'ecliptix_internal')
          AND p.prokind IN ('f', 'p')
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON %s %s FROM PUBLIC', r.kind, r.signature);
        IF r.nspname = 'dbo' THEN
            EXECUTE pg_catalog.format('GRANT EXECUTE ON %s %s TO ecliptix_app', r.kind, r.signature);
        END IF;
    END LOOP;
END;
$$;

DO $$
BEGIN
    PERFORM ecliptix_internal.grant_routine_privileges();
END
$$;

-- Routines the migrating user creates later in this database start with the same privileges, so one
-- that is created before its file's grants run (or whose file forgets them) is never open to PUBLIC.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON ROUTINES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA dbo GRANT EXECUTE ON ROUTINES TO ecliptix_app;

-- ---------------------------------------------------------------------------
-- Schemas: both roles see dbo (its routines, its tables for the read-only role); nobody but the owner
-- sees ecliptix_internal (PostgreSQL gives PUBLIC nothing on a new schema; said here once more).
-- ---------------------------------------------------------------------------

REVOKE ALL ON SCHEMA dbo FROM PUBLIC;
REVOKE ALL ON SCHEMA ecliptix_internal FROM PUBLIC;
GRANT USAGE ON SCHEMA dbo TO ecliptix_app, ecliptix_readonly;

-- ---------------------------------------------------------------------------
-- ecliptix_readonly: SELECT on every dbo table except the secrets OtpRecords."OtpHash",
-- OtpRecords."OtpSalt", Memberships."SecureKey" and AuthenticationContexts."ContextTokenHash"; the
-- tables holding one are granted column by column (SELECT * is refused there: name the columns).
-- A table or a column that a later version adds is granted by that version.
-- ---------------------------------------------------------------------------

GRANT SELECT ON
    dbo."AppDevices",
    dbo."PhoneNumbers",
    dbo."PhoneNumberDevices",
    dbo."SystemConfiguration",
    dbo."EventLog",
    dbo."VerificationFlows",
    dbo."FailedOtpAttempts",
    dbo."MembershipAttempts",
    dbo."LoginAttempts"
TO ecliptix_readonly;

GRANT SELECT ("Id", "FlowUniqueId", "PhoneNumberId", "ExpiresAt", "Status", "IsActive", "IsDeleted",
              "UniqueId", "CreatedAt", "UpdatedAt")
    ON dbo."OtpRecords" TO ecliptix_readonly;

GRANT SELECT ("Id", "PhoneNumberId", "AppDeviceId", "VerificationFlowId", "Status", "CreationStatus",
              "IsDeleted", "UniqueId", "CreatedAt", "UpdatedAt")
    ON dbo."Memberships" TO ecliptix_readonly;

GRANT SELECT ("Id", "MembershipUniqueId", "AppDeviceId", "ExpiresAt", "LastUsedAt", "IsActive", "EndReason",
              "UniqueId", "CreatedAt", "UpdatedAt")
    ON dbo."AuthenticationContexts" TO ecliptix_readonly;

-- The API checks this on connect.
UPDATE dbo."SystemConfiguration" AS c
SET "ConfigValue" = '3',
    "UpdatedAt" = ecliptix_internal.utc_now()
WHERE c."ConfigKey" = 'Schema.Version';
