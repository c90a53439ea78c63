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
    v_attempt_cutoff  timestamp(6);
    v_oldest          tid;
    v_to              tid;
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

    -- The attempt logs and the security events are written in time order, so a table's rows of one
    -- age share pages. Each batch of such a kind starts at its oldest expired row and deletes it and the
    -- expired rows stored after it, from its page on, in the order they are stored (a TID
    -- range scan of at most v_left / 8 + 1 pages, so reading past the expired rows stays bounded; a
    -- page holds more than 8 such rows), addressed by ctid within the statement: a batch dirties
    -- (and logs a full-page image of) as few pages as its rows fill, even where rows of different ages
    -- got mixed in the pages, and no row is looked up a second time through the primary key. The rows
    -- of a batch are oldest first wherever the table is in time order, and the oldest expired row is
    -- always among them, so every batch makes progress. Rows past retention are never updated, so an
    -- address cannot move meanwhile (a moved row would only be left for the next batch).
    v_attempt_cutoff := v_now - make_interval(days => v_attempt_days);

    SELECT x.ctid INTO v_oldest
    FROM dbo."LoginAttempts" AS x
    WHERE x."CreatedAt" < v_attempt_cutoff
    ORDER BY x."CreatedAt"
    LIMIT 1;

    IF v_oldest IS NOT NULL THEN
        v_to := format($f$(%s,0)$f$, LEAST((v_oldest::text::point)[0]::bigint + v_left / 8 + 1, 4294967295))::tid;
        DELETE FROM dbo."LoginAttempts" AS l
        WHERE l.ctid = ANY (ARRAY(
            SELECT x.ctid
            FROM dbo."LoginAttempts" AS x
            WHERE x.ctid >= v_oldest
              AND x.ctid < v_to
              AND x."CreatedAt" < v_attempt_cutoff
            LIMIT v_left));
        GET DIAGNOSTICS v_count = ROW_COUNT;
        v_left := v_left - v_count;
    END IF;

    IF v_left > 0 THEN
        SELECT x.ctid INTO v_oldest
        FROM dbo."MembershipAttempts" AS x
        WHERE x."CreatedAt" < v_attempt_cutoff
        ORDER BY x."CreatedAt"
        LIMIT 1;

        IF v_oldest IS NOT NULL THEN
            v_to := format($f$(%s,0)$f$, LEAST((v_oldest::text::point)[0]::bigint + v_left / 8 + 1, 4294967295))::tid;
            DELETE FROM dbo."MembershipAttempts" AS m
            WHERE m.ctid = ANY (ARRAY(
                SELECT x.ctid
                FROM dbo."MembershipAttempts" AS x
                WHERE x.ctid >= v_oldest
                  AND x.ctid < v_to
                  AND x."CreatedAt" < v_attempt_cutoff
                LIMIT v_left));
            GET DIAGNOSTICS v_count = ROW_COUNT;
            v_left := v_left - v_count;
        END IF;
    END IF;

    IF v_left > 0 THEN
        SELECT x.ctid INTO v_oldest
        FROM dbo."EventLog" AS x
        WHERE x."CreatedAt" < v_now - make_interval(days => v_event_days)
        ORDER BY x."CreatedAt"
        LIMIT 1;

        IF v_oldest IS NOT NULL THEN
            v_to := format($f$(%s,0)$f$, LEAST((v_oldest::text::point)[0]::bigint + v_left / 8 + 1, 4294967295))::tid;
            DELETE FROM dbo."EventLog" AS e
            WHERE e.ctid = ANY (ARRAY(
                SELECT x.ctid
                FROM dbo."EventLog" AS x
                WHERE x.ctid >= v_oldest
                  AND x.ctid < v_to
                  AND x."CreatedAt" < v_now - make_interval(days => v_event_days)
                LIMIT v_left));
            GET DIAGNOSTICS v_count = ROW_COUNT;
            v_left := v_left - v_count;
        END IF;
    END IF;

    IF v_left > 0 THEN
        -- An ended session's UpdatedAt is when it ended (nothing updates it afterwards).
        -- By the time they ended, addressed by ctid within the statement.
        DELETE FROM dbo."AuthenticationContexts" AS c
        WHERE c.ctid = ANY (ARRAY(
            SELECT x.ctid
            FROM dbo."AuthenticationContexts" AS x
            WHERE NOT x."IsActive"
              AND x."UpdatedAt" < v_now - make_interval(days => v_context_days)
            ORDER BY x."UpdatedAt"
            LIMIT v_left));
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
