-- EcliptixMemberships, SQL Server 2019+: retention cleanup (repeatable; see R__configuration.sql for
-- how repeatable migrations re-run).

SET ANSI_NULLS, QUOTED_IDENTIFIER ON;
GO

-- ---------------------------------------------------------------------------
-- CleanupExpiredData: deletes at most BatchSize rows past their retention, oldest first, children
-- before parents, in one short transaction; callers repeat until DeletedCount is 0.
--   deleted | invalid_input
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.CleanupExpiredData;
GO

CREATE PROCEDURE dbo.CleanupExpiredData
    @BatchSize INT,
    @DeletedCount INT = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Now DATETIME2(7) = SYSUTCDATETIME();
    DECLARE @AttemptDays INT = ecliptix_internal.config_int(N'Retention.AttemptLogDays');
    DECLARE @EventDays INT = ecliptix_internal.config_int(N'Retention.EventLogDays');
    DECLARE @ContextDays INT = ecliptix_internal.config_int(N'Retention.EndedContextDays');
    DECLARE @FlowDays INT = ecliptix_internal.config_int(N'Retention.EndedFlowDays');
    DECLARE @Left INT;
    DECLARE @AttemptCutoff DATETIME2(7);
    DECLARE @EventCutoff DATETIME2(7);
    DECLARE @FromId BIGINT;
    DECLARE @Flows TABLE (UniqueId UNIQUEIDENTIFIER PRIMARY KEY);

    SET @DeletedCount = NULL;
    SET @Outcome = NULL;

    IF @BatchSize IS NULL OR @BatchSize < 1 OR @BatchSize > 10000
    BEGIN
        SET @Outcome = N'invalid_input';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: maintenance:cleanup. Parallel cleanups take their batches one after the other, so two
    -- of them never pick the same rows and each count is what that call deleted.
    EXEC ecliptix_internal.lock_subject @Subject = N'maintenance:cleanup';

    SET @Left = @BatchSize;

    -- The attempt logs and the security events are written in time order, so their clustered
    -- key (Id) follows their age. Each batch of such a kind starts at its oldest expired row and
    -- deletes the expired rows from that Id on, in clustered order, within 2 * @Left Ids (so reading
    -- past the expired rows stays bounded): a batch touches as few pages as its rows fill, even where
    -- rows of different ages got mixed, and the oldest expired row is always among them, so every
    -- batch makes progress.
    SET @AttemptCutoff = DATEADD(DAY, -@AttemptDays, @Now);
    SET @EventCutoff = DATEADD(DAY, -@EventDays, @Now);

    SET @FromId = NULL;
    SELECT TOP (1) @FromId = x.Id
    FROM dbo.LoginAttempts AS x
    WHERE x.CreatedAt < @AttemptCutoff
    ORDER BY x.CreatedAt;

    IF @FromId IS NOT NULL
    BEGIN
        DELETE FROM dbo.LoginAttempts
        WHERE Id IN (SELECT TOP (@Left) x.Id
                     FROM dbo.LoginAttempts AS x
                     WHERE x.Id >= @FromId
                       AND x.Id < @FromId + 2 * @Left
                       AND x.CreatedAt < @AttemptCutoff
                     ORDER BY x.Id);
        SET @Left = @Left - @@ROWCOUNT;
    END;

    IF @Left > 0
    BEGIN
        SET @FromId = NULL;
        SELECT TOP (1) @FromId = x.Id
        FROM dbo.MembershipAttempts AS x
        WHERE x.CreatedAt < @AttemptCutoff
        ORDER BY x.CreatedAt;

        IF @FromId IS NOT NULL
        BEGIN
            DELETE FROM dbo.MembershipAttempts
            WHERE Id IN (SELECT TOP (@Left) x.Id
                         FROM dbo.MembershipAttempts AS x
                         WHERE x.Id >= @FromId
                           AND x.Id < @FromId + 2 * @Left
                           AND x.CreatedAt < @AttemptCutoff
                         ORDER BY x.Id);
            SET @Left = @Left - @@ROWCOUNT;
        END;
    END;

    IF @Left > 0
    BEGIN
        SET @FromId = NULL;
        SELECT TOP (1) @FromId = x.Id
        FROM dbo.EventLog AS x
        WHERE x.CreatedAt < @EventCutoff
        ORDER BY x.CreatedAt;

        IF @FromId IS NOT NULL
        BEGIN
            DELETE FROM dbo.EventLog
            WHERE Id IN (SELECT TOP (@Left) x.Id
                         FROM dbo.EventLog AS x
                         WHERE x.Id >= @FromId
                           AND x.Id < @FromId + 2 * @Left
                           AND x.CreatedAt < @EventCutoff
                         ORDER BY x.Id);
            SET @Left = @Left - @@ROWCOUNT;
        END;
    END;

    IF @Left > 0
    BEGIN
        -- An ended session's UpdatedAt is when it ended (nothing updates it afterwards).
        DELETE FROM dbo.AuthenticationContexts
        WHERE Id IN (SELECT TOP (@Left) x.Id
                     FROM dbo.AuthenticationContexts AS x
                     WHERE x.IsActive = 0
                       AND x.UpdatedAt < DATEADD(DAY, -@ContextDays, @Now)
                     ORDER BY x.UpdatedAt);
        SET @Left = @Left - @@ROWCOUNT;
    END;

    IF @Left > 0
    BEGIN
        -- The oldest deletable flows, at most one per row left in the batch. Their children go
        -- first; a flow whose children do not all fit is finished by the next batch.
        INSERT INTO @Flows (UniqueId)
        SELECT TOP (@Left) f.UniqueId
        FROM dbo.VerificationFlows AS f
        WHERE f.Status <> N'pending'
          AND f.ExpiresAt < DATEADD(DAY, -@FlowDays, @Now)
          AND NOT EXISTS (SELECT 1 FROM dbo.Memberships AS m WHERE m.VerificationFlowId = f.UniqueId)
        ORDER BY f.ExpiresAt;

        DELETE FROM dbo.FailedOtpAttempts
        WHERE Id IN (SELECT TOP (@Left) x.Id
                     FROM dbo.FailedOtpAttempts AS x
                     WHERE x.FlowUniqueId IN (SELECT fl.UniqueId FROM @Flows AS fl));
        SET @Left = @Left - @@ROWCOUNT;

        IF @Left > 0
        BEGIN
            DELETE FROM dbo.OtpRecords
            WHERE Id IN (SELECT TOP (@Left) x.Id
                         FROM dbo.OtpRecords AS x
                         WHERE x.FlowUniqueId IN (SELECT fl.UniqueId FROM @Flows AS fl)
                           AND NOT EXISTS (SELECT 1 FROM dbo.FailedOtpAttempts AS a
                                           WHERE a.OtpUniqueId = x.UniqueId));
            SET @Left = @Left - @@ROWCOUNT;
        END;

        IF @Left > 0
        BEGIN
            DELETE FROM dbo.VerificationFlows
            WHERE Id IN (SELECT TOP (@Left) x.Id
                         FROM dbo.VerificationFlows AS x
                         WHERE x.UniqueId IN (SELECT fl.UniqueId FROM @Flows AS fl)
                           AND NOT EXISTS (SELECT 1 FROM dbo.OtpRecords AS o WHERE o.FlowUniqueId = x.UniqueId)
                           AND NOT EXISTS (SELECT 1 FROM dbo.FailedOtpAttempts AS a WHERE a.FlowUniqueId = x.UniqueId));
            SET @Left = @Left - @@ROWCOUNT;
        END;
    END;

    SET @DeletedCount = @BatchSize - @Left;
    SET @Outcome = N'deleted';

    COMMIT TRANSACTION;
END;
GO
