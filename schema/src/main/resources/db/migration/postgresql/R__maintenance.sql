-- EcliptixMemberships, PostgreSQL 15: retention cleanup (repeatable; see R__configuration.sql for how
-- repeatable migrations re-run).

-- ---------------------------------------------------------------------------
-- CleanupExpiredData
--   invalid_input | deleted (DeletedCount >= 0)
--   One batch of at most BatchSize rows past their retention, oldest first within each kind, in the
--   caller's one short transaction; callers repeat until DeletedCount is 0. The kinds, in order:
--   login attempts and membership attempts (Retention.AttemptLogDays), security events
--   (Retention.EventLogDays), ended sessions (Retention.EndedContextDays, by the time they ended),
--   ended flows that no membership references (Retention.EndedFlowDays, by their ExpiresAt) with
--   their failed OTP checks and OTPs, children first.
--   Every retention is at least one day (SetConfigValue refuses less), and no limit looks back more
--   than 24 hours, so no row a limit counts is ever deleted; flows are deleted only when no longer
--   pending and long expired, and never while a membership references them; active sessions are
--   never deleted.
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo."CleanupExpiredData";
CREATE PROCEDURE dbo."CleanupExpiredData"(
    "BatchSize" integer,
    INOUT "DeletedCount" integer DEFAULT NULL,
    INOUT "Outcome" varchar DEFAULT NULL
)
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p_batch_size      integer := "BatchSize";
    v_attempt_days    integer := ecliptix_internal.config_int('Retention.AttemptLogDays');
    v_event_days      integer := ecliptix_internal.config_int('Retention.EventLogDays');
    v_context_days    integer := ecliptix_internal.config_int('Retention.EndedContextDays');
    v_flow_days       integer := ecliptix_internal.config_int('Retention.EndedFlowDays');
    v_now             timestamp(6) := ecliptix_internal.utc_now();
    v_flow_cutoff     timestamp(6);
    v_flows           uuid[];
    v_left            integer;
    v_count           integer;
BEGIN
    "DeletedCount" := NULL;
    "Outcome" := NULL;

    IF p_batch_size IS NULL OR p_batch_size < 1 OR p_batch_size > 10000 THEN
        "Outcome" := 'invalid_input';
        RETURN;
    END IF;

    -- LOCK: maintenance:cleanup. Parallel cleanups take their batches one after the other, so two of
    -- them never pick the same rows and each count is what that call deleted. No routine of the other
    -- domains takes this subject.
    PERFORM ecliptix_internal.lock_subject('maintenance:cleanup');

    v_left := p_batch_size;

    DELETE FROM dbo."LoginAttempts" AS l
    WHERE l."Id" IN (
        SELECT a."Id"
        FROM dbo."LoginAttempts" AS a
        WHERE a."CreatedAt" < v_now - make_interval(days => v_attempt_days)
        ORDER BY a."CreatedAt"
        LIMIT v_left);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    v_left := v_left - v_count;

    IF v_left > 0 THEN
        DELETE FROM dbo."MembershipAttempts" AS m
        WHERE m."Id" IN (
            SELECT a."Id"
            FROM dbo."MembershipAttempts" AS a
            WHERE a."CreatedAt" < v_now - make_interval(days => v_attempt_days)
            ORDER BY a."CreatedAt"
            LIMIT v_left);
        GET DIAGNOSTICS v_count = ROW_COUNT;
        v_left := v_left - v_count;
    END IF;

    IF v_left > 0 THEN
        DELETE FROM dbo."EventLog" AS e
        WHERE e."Id" IN (
            SELECT x."Id"
            FROM dbo."EventLog" AS x
            WHERE x."CreatedAt" < v_now - make_interval(days => v_event_days)
            ORDER BY x."CreatedAt"
            LIMIT v_left);
        GET DIAGNOSTICS v_count = ROW_COUNT;
        v_left := v_left - v_count;
    END IF;

    IF v_left > 0 THEN
        -- An ended session's UpdatedAt is when it ended (nothing updates it afterwards).
        DELETE FROM dbo."AuthenticationContexts" AS c
        WHERE c."Id" IN (
            SELECT x."Id"
            FROM dbo."AuthenticationContexts" AS x
            WHERE NOT x."IsActive"
              AND x."UpdatedAt" < v_now - make_interval(days => v_context_days)
            ORDER BY x."UpdatedAt"
            LIMIT v_left);
        GET DIAGNOSTICS v_count = ROW_COUNT;
        v_left := v_left - v_count;
    END IF;

    IF v_left > 0 THEN
        v_flow_cutoff := v_now - make_interval(days => v_flow_days);

        -- The oldest deletable flows, at most one per row left in the batch. Their children go first;
        -- a flow whose children do not all fit is finished by the next batch.
        v_flows := ARRAY(
            SELECT f."UniqueId"
            FROM dbo."VerificationFlows" AS f
            WHERE f."Status" <> 'pending'
              AND f."ExpiresAt" < v_flow_cutoff
              AND NOT EXISTS (
                  SELECT 1
                  FROM dbo."Memberships" AS m
                  WHERE m."VerificationFlowId" = f."UniqueId")
            ORDER BY f."ExpiresAt"
            LIMIT v_left);

        DELETE FROM dbo."FailedOtpAttempts" AS a
        WHERE a."Id" IN (
            SELECT x."Id"
            FROM dbo."FailedOtpAttempts" AS x
            WHERE x."FlowUniqueId" = ANY (v_flows)
            LIMIT v_left);
        GET DIAGNOSTICS v_count = ROW_COUNT;
        v_left := v_left - v_count;

        IF v_left > 0 THEN
            DELETE FROM dbo."OtpRecords" AS o
            WHERE o."Id" IN (
                SELECT x."Id"
                FROM dbo."OtpRecords" AS x
                WHERE x."FlowUniqueId" = ANY (v_flows)
                  AND NOT EXISTS (
                    SELECT 1
                    FROM dbo."FailedOtpAttempts" AS a
                    WHERE a."OtpUniqueId" = x."UniqueId")
                LIMIT v_left);
            GET DIAGNOSTICS v_count = ROW_COUNT;
            v_left := v_left - v_count;
        END IF;

        IF v_left > 0 THEN
            DELETE FROM dbo."VerificationFlows" AS f
            WHERE f."Id" IN (
                SELECT x."Id"
                FROM dbo."VerificationFlows" AS x
                WHERE x."UniqueId" = ANY (v_flows)
                  AND NOT EXISTS (
                      SELECT 1
                      FROM dbo."OtpRecords" AS o
                      WHERE o."FlowUniqueId" = x."UniqueId")
                  AND NOT EXISTS (
                      SELECT 1
                      FROM dbo."FailedOtpAttempts" AS a
                      WHERE a."FlowUniqueId" = x."UniqueId")
                LIMIT v_left);
            GET DIAGNOSTICS v_count = ROW_COUNT;
            v_left := v_left - v_count;
        END IF;
    END IF;

    "DeletedCount" := p_batch_size - v_left;
    "Outcome" := 'deleted';
END;
$$;

-- ---------------------------------------------------------------------------
-- Privileges (V3__roles.sql): re-creating a routine resets its privileges, so they are applied again
-- once this file's routines exist. Before version 3 (no helper yet) the roles hold nothing to re-apply.
-- ---------------------------------------------------------------------------

DO $$
BEGIN
    IF to_regprocedure('ecliptix_internal.grant_routine_privileges()') IS NOT NULL THEN
        PERFORM ecliptix_internal.grant_routine_privileges();
    END IF;
END
$$;
