-- EcliptixMemberships, PostgreSQL 15: version 6.
-- The operator role ecliptix_operator: the routines that change the rules or delete data
-- (SetConfigValue, CleanupExpiredData, EndAllAuthenticationContexts) become its alone, no longer the
-- application's, so that an application cannot loosen the limits that guard it. The limit
-- Locking.LockTimeoutMilliseconds (how long lock_subject waits) and GetLimit come with the repeatable
-- migrations; a limit needs no row of its own (ecliptix_internal.limit_default in R__configuration.sql
-- holds every default), so this version writes no data but the schema version.

-- ---------------------------------------------------------------------------
-- ecliptix_operator: created when missing, NOLOGIN, like the roles of V3 (cluster-wide, safe when two
-- databases migrate at once). It sees dbo's routines and no table.
-- ---------------------------------------------------------------------------

DO $$
BEGIN
    PERFORM ecliptix_internal.create_role_if_missing('ecliptix_operator');
END
$$;

GRANT USAGE ON SCHEMA dbo TO ecliptix_operator;

-- ---------------------------------------------------------------------------
-- Who may run which dbo routine, the one rule of this engine (afterMigrate__privileges.sql applies it
-- again after every migrate, as repeatable migrations re-create routines without their privileges):
-- the operator's routines to ecliptix_operator only; GetConfigValue and GetLimit (the schema check on
-- connect, the limits' values and defaults) to both roles; every other routine to ecliptix_app; nothing to PUBLIC, no helper to
-- anyone. Revoking before granting moves the grants of an existing database.
-- ---------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ecliptix_internal.grant_routine_privileges()
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT n.nspname,
               p.proname,
               CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END AS kind,
               pg_catalog.format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) AS signature
        FROM pg_catalog.pg_proc AS p
        JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('dbo', 'ecliptix_internal')
          AND p.prokind IN ('f', 'p')
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON %s %s FROM PUBLIC, ecliptix_app, ecliptix_operator', r.kind, r.signature);
        IF r.nspname = 'dbo' THEN
            IF r.proname NOT IN ('SetConfigValue', 'CleanupExpiredData', 'EndAllAuthenticationContexts') THEN
                EXECUTE pg_catalog.format('GRANT EXECUTE ON %s %s TO ecliptix_app', r.kind, r.signature);
            END IF;
            IF r.proname IN ('SetConfigValue', 'CleanupExpiredData', 'EndAllAuthenticationContexts', 'GetConfigValue', 'GetLimit') THEN
                EXECUTE pg_catalog.format('GRANT EXECUTE ON %s %s TO ecliptix_operator', r.kind, r.signature);
            END IF;
        END IF;
    END LOOP;
END;
$$;

DO $$
BEGIN
    PERFORM ecliptix_internal.grant_routine_privileges();
END
$$;

-- A routine created later is open to no one until the rule above has run (V3 let every new dbo routine
-- be the application's, an operator's routine included).
ALTER DEFAULT PRIVILEGES IN SCHEMA dbo REVOKE EXECUTE ON ROUTINES FROM ecliptix_app;

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo."SystemConfiguration" AS c
SET "ConfigValue" = '6',
    "UpdatedAt" = ecliptix_internal.utc_now()
WHERE c."ConfigKey" = 'Schema.Version';
