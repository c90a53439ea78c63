-- EcliptixMemberships, PostgreSQL 15: sessions (authentication contexts), routines and triggers
-- (repeatable; see R__configuration.sql for how repeatable migrations re-run).

-- ---------------------------------------------------------------------------
-- Helpers (outside dbo). Callers hold the membership's lock.
-- ---------------------------------------------------------------------------

-- Ends every active session of a membership with the given reason; when any ended, writes one
-- contexts_revoked event saying why. Returns how many ended.
DROP FUNCTION IF EXISTS ecliptix_internal.end_membership_contexts;
CREATE FUNCTION ecliptix_internal.end_membership_contexts(p_membership_id uuid, p_end_reason text, p_why text)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_count integer;
BEGIN
    UPDATE dbo."AuthenticationContexts" AS c
    SET "IsActive" = false,
        "EndReason" = p_end_reason
    WHERE c."MembershipUniqueId" = p_membership_id
      AND c."IsActive";

    GET DIAGNOSTICS v_count = ROW_COUNT;

    IF v_count > 0 THEN
        INSERT INTO dbo."EventLog" ("EventType", "Message")
        VALUES ('contexts_revoked',
                format('%s sessions of membership %s ended (%s): %s.', v_count, p_membership_id, p_end_reason, p_why));
    END IF;
    RETURN v_count;
END;
$$;
