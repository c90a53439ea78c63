-- EcliptixMemberships, PostgreSQL: Flyway runs this callback after every migrate. Repeatable migrations
-- drop and re-create their routines, which resets the routines' privileges; this applies them again, in
-- one place for every file (the rule itself is ecliptix_internal.grant_routine_privileges, of V6). Before
-- version 3 there is neither the helper nor a role, and nothing to do.

DO $$
BEGIN
    IF to_regprocedure('ecliptix_internal.grant_routine_privileges()') IS NOT NULL THEN
        PERFORM ecliptix_internal.grant_routine_privileges();
    END IF;
END
$$;
