-- EcliptixMemberships, SQL Server 2019+: sessions (authentication contexts), routines (repeatable;
-- see R__configuration.sql for how repeatable migrations re-run). The sessions table's UpdatedAt
-- trigger is created with its table in V2__contract_v2.sql.

SET ANSI_NULLS, QUOTED_IDENTIFIER ON;
GO

-- ---------------------------------------------------------------------------
-- Helpers (outside dbo)
-- ---------------------------------------------------------------------------

-- Ends every active session of a membership with the given reason; when any ended, writes one
-- contexts_revoked event saying why. @EndedCount is how many ended. Runs inside the caller's
-- transaction and membership lock.
DROP PROCEDURE IF EXISTS ecliptix_internal.EndMembershipContexts;
DROP PROCEDURE IF EXISTS ecliptix_internal.end_membership_contexts;
GO

CREATE PROCEDURE ecliptix_internal.end_membership_contexts
    @MembershipId UNIQUEIDENTIFIER,
    @EndReason NVARCHAR(20),
    @Why NVARCHAR(200),
    @EndedCount INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;

    UPDATE dbo.AuthenticationContexts
    SET IsActive = 0,
        EndReason = @EndReason
    WHERE MembershipUniqueId = @MembershipId
      AND IsActive = 1;

    SET @EndedCount = @@ROWCOUNT;

    IF @EndedCount > 0
        INSERT INTO dbo.EventLog (EventType, Message)
        VALUES (N'contexts_revoked',
                CONCAT(@EndedCount, N' sessions of membership ', LOWER(CONVERT(NVARCHAR(36), @MembershipId)),
                       N' ended (', @EndReason, N'): ', @Why, N'.'));
END;
GO

-- Ends one active session with the given reason, inside the caller's transaction and membership lock.
DROP PROCEDURE IF EXISTS ecliptix_internal.end_context;
GO

CREATE PROCEDURE ecliptix_internal.end_context
    @ContextId UNIQUEIDENTIFIER,
    @EndReason NVARCHAR(20)
AS
BEGIN
    SET NOCOUNT ON;

    UPDATE dbo.AuthenticationContexts
    SET IsActive = 0,
        EndReason = @EndReason
    WHERE UniqueId = @ContextId
      AND IsActive = 1;
END;
GO

-- A session token hash as the schema stores it: exactly 64 lower-case hex digits (SHA-256). LEN
-- ignores trailing blanks, so the length is checked with a sentinel; the binary collation keeps
-- the ranges to ASCII.
DROP FUNCTION IF EXISTS ecliptix_internal.IsTokenHash;
DROP FUNCTION IF EXISTS ecliptix_internal.is_token_hash;
GO

CREATE FUNCTION ecliptix_internal.is_token_hash(
    @Hash NVARCHAR(100)
)
RETURNS BIT
AS
BEGIN
    RETURN CASE
        WHEN @Hash IS NULL
          OR LEN(@Hash + N'.') <> 65
          OR @Hash COLLATE Latin1_General_BIN2 LIKE N'%[^0-9a-f]%'
            THEN 0
        ELSE 1
    END;
END;
GO

-- ---------------------------------------------------------------------------
-- CreateAuthenticationContext
--   invalid_input | membership_not_found | membership_blocked | inactive_membership
--   | device_not_found | created
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.CreateAuthenticationContext;
GO

CREATE PROCEDURE dbo.CreateAuthenticationContext
    @MembershipUniqueId UNIQUEIDENTIFIER,
    @AppDeviceId UNIQUEIDENTIFIER,
    @ContextTokenHash NVARCHAR(100),
    @ContextUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @ExpiresAt DATETIME2(7) = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @MembershipUniqueId));
    DECLARE @LifetimeHours INT;
    DECLARE @MaxContexts INT;
    DECLARE @Status NVARCHAR(20);
    DECLARE @DeviceFound BIT;
    DECLARE @Now DATETIME2(7);

    SET @ContextUniqueId = NULL;
    SET @ExpiresAt = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written.
    IF @MembershipUniqueId IS NULL OR @AppDeviceId IS NULL OR ecliptix_internal.is_token_hash(@ContextTokenHash) = 0
    BEGIN
        SET @Outcome = N'invalid_input';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: membership:<id>. Guards Authentication.MaxContextsPerMembership: parallel creations
    -- count and end the oldest sessions one after the other, and a block or a new key is seen by
    -- the next one.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    -- The membership's status, the device and both limits in one read.
    SELECT @Status = (SELECT m.Status
                      FROM dbo.Memberships AS m
                      WHERE m.UniqueId = @MembershipUniqueId
                        AND m.IsDeleted = 0),
           @DeviceFound = CASE WHEN EXISTS (SELECT 1
                                            FROM dbo.AppDevices AS d
                                            WHERE d.UniqueId = @AppDeviceId
                                              AND d.IsDeleted = 0)
                               THEN 1 ELSE 0 END,
           @LifetimeHours = ecliptix_internal.config_int(N'Authentication.ContextLifetimeHours'),
           @MaxContexts = ecliptix_internal.config_int(N'Authentication.MaxContextsPerMembership');

    SET @Outcome = CASE
        WHEN @Status IS NULL THEN N'membership_not_found'
        WHEN @Status = N'blocked' THEN N'membership_blocked'
        WHEN @Status <> N'active' THEN N'inactive_membership'
        WHEN @DeviceFound = 0 THEN N'device_not_found'
    END;

    IF @Outcome IS NULL
    BEGIN
        SET @Now = SYSUTCDATETIME();
        SET @ContextUniqueId = NEWID();
        SET @ExpiresAt = DATEADD(HOUR, @LifetimeHours, @Now);

        INSERT INTO dbo.AuthenticationContexts (MembershipUniqueId, AppDeviceId, ContextTokenHash, ExpiresAt, UniqueId)
        VALUES (@MembershipUniqueId, @AppDeviceId, @ContextTokenHash, @ExpiresAt, @ContextUniqueId);

        -- One UPDATE ends both kinds: the membership's sessions past their ExpiresAt end as expired
        -- (they take no place of the cap), and the oldest unexpired ones beyond the cap, the new one
        -- counted, are replaced by it (Id breaks CreatedAt ties).
        UPDATE dbo.AuthenticationContexts
        SET IsActive = 0,
            EndReason = CASE WHEN ExpiresAt <= @Now THEN N'expired' ELSE N'replaced' END
        WHERE MembershipUniqueId = @MembershipUniqueId
          AND IsActive = 1
          AND (ExpiresAt <= @Now
               OR Id IN (
                   SELECT a.Id
                   FROM dbo.AuthenticationContexts AS a
                   WHERE a.MembershipUniqueId = @MembershipUniqueId
                     AND a.IsActive = 1
                     AND a.ExpiresAt > @Now
                   ORDER BY a.CreatedAt DESC, a.Id DESC
                   OFFSET @MaxContexts ROWS));

        SET @Outcome = N'created';
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- ValidateAuthenticationContext
--   invalid_input | not_found | expired | membership_blocked | valid
--   The session's ids and ExpiresAt are returned whenever an active session has the hash.
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.ValidateAuthenticationContext;
GO

CREATE PROCEDURE dbo.ValidateAuthenticationContext
    @ContextTokenHash NVARCHAR(100),
    @ContextUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @MembershipUniqueId UNIQUEIDENTIFIER = NULL OUTPUT,
    @ExpiresAt DATETIME2(7) = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255);
    DECLARE @Membership UNIQUEIDENTIFIER;
    DECLARE @Now DATETIME2(7);

    SET @ContextUniqueId = NULL;
    SET @MembershipUniqueId = NULL;
    SET @ExpiresAt = NULL;
    SET @Outcome = NULL;

    IF ecliptix_internal.is_token_hash(@ContextTokenHash) = 0
    BEGIN
        SET @Outcome = N'invalid_input';
        RETURN;
    END;

    -- A session's membership never changes, so it may be read before the lock.
    SELECT @Membership = c.MembershipUniqueId
    FROM dbo.AuthenticationContexts AS c
    WHERE c.ContextTokenHash = @ContextTokenHash
      AND c.IsActive = 1;

    IF @Membership IS NULL
    BEGIN
        SET @Outcome = N'not_found';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: membership:<id>. A session that a new key, an end-all or a newer session ended is
    -- never found valid once that change committed.
    SET @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @Membership));
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT @ContextUniqueId = c.UniqueId,
           @MembershipUniqueId = @Membership,
           @ExpiresAt = c.ExpiresAt,
           @Now = SYSUTCDATETIME()
    FROM dbo.AuthenticationContexts AS c
    WHERE c.ContextTokenHash = @ContextTokenHash
      AND c.IsActive = 1;

    -- A blocked membership (or one that is no longer live or active) ends its sessions as they are used.
    SET @Outcome = CASE
        WHEN @ContextUniqueId IS NULL THEN N'not_found'
        WHEN @ExpiresAt <= @Now THEN N'expired'
        WHEN NOT EXISTS (SELECT 1
                         FROM dbo.Memberships AS m
                         WHERE m.UniqueId = @Membership
                           AND m.IsDeleted = 0
                           AND m.Status = N'active') THEN N'membership_blocked'
        ELSE N'valid'
    END;

    IF @Outcome = N'expired'
        EXEC ecliptix_internal.end_context @ContextId = @ContextUniqueId, @EndReason = N'expired';
    ELSE IF @Outcome = N'membership_blocked'
        EXEC ecliptix_internal.end_context @ContextId = @ContextUniqueId, @EndReason = N'revoked';
    ELSE IF @Outcome = N'valid'
        UPDATE dbo.AuthenticationContexts
        SET LastUsedAt = @Now
        WHERE UniqueId = @ContextUniqueId;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- RefreshAuthenticationContext
--   not_found | expired | refreshed
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.RefreshAuthenticationContext;
GO

CREATE PROCEDURE dbo.RefreshAuthenticationContext
    @ContextUniqueId UNIQUEIDENTIFIER,
    @ExpiresAt DATETIME2(7) = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255);
    DECLARE @LifetimeHours INT = ecliptix_internal.config_int(N'Authentication.ContextLifetimeHours');
    DECLARE @Membership UNIQUEIDENTIFIER;
    DECLARE @ContextExpiresAt DATETIME2(7);
    DECLARE @Now DATETIME2(7);

    SET @ExpiresAt = NULL;
    SET @Outcome = NULL;

    SELECT @Membership = c.MembershipUniqueId
    FROM dbo.AuthenticationContexts AS c
    WHERE c.UniqueId = @ContextUniqueId
      AND c.IsActive = 1;

    IF @Membership IS NULL
    BEGIN
        SET @Outcome = N'not_found';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: membership:<id>. A session ended meanwhile (new key, end-all, replaced) is not extended.
    SET @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @Membership));
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    SELECT @ContextExpiresAt = c.ExpiresAt,
           @Now = SYSUTCDATETIME()
    FROM dbo.AuthenticationContexts AS c
    WHERE c.UniqueId = @ContextUniqueId
      AND c.IsActive = 1;

    SET @Outcome = CASE
        WHEN @ContextExpiresAt IS NULL THEN N'not_found'
        WHEN @ContextExpiresAt <= @Now THEN N'expired'
        ELSE N'refreshed'
    END;

    IF @Outcome = N'expired'
        EXEC ecliptix_internal.end_context @ContextId = @ContextUniqueId, @EndReason = N'expired';
    ELSE IF @Outcome = N'refreshed'
    BEGIN
        SET @ExpiresAt = DATEADD(HOUR, @LifetimeHours, @Now);

        UPDATE dbo.AuthenticationContexts
        SET ExpiresAt = @ExpiresAt
        WHERE UniqueId = @ContextUniqueId;
    END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- EndAuthenticationContext
--   not_found | ended
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.EndAuthenticationContext;
GO

CREATE PROCEDURE dbo.EndAuthenticationContext
    @ContextUniqueId UNIQUEIDENTIFIER,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255);

    SET @Outcome = NULL;

    SELECT @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), c.MembershipUniqueId))
    FROM dbo.AuthenticationContexts AS c
    WHERE c.UniqueId = @ContextUniqueId
      AND c.IsActive = 1;

    IF @Subject IS NULL
    BEGIN
        SET @Outcome = N'not_found';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: membership:<id>. A session ends once, with one reason, whichever routine ends it first.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    UPDATE dbo.AuthenticationContexts
    SET IsActive = 0,
        EndReason = N'logged_out'
    WHERE UniqueId = @ContextUniqueId
      AND IsActive = 1;

    SET @Outcome = CASE WHEN @@ROWCOUNT > 0 THEN N'ended' ELSE N'not_found' END;

    COMMIT TRANSACTION;
END;
GO

-- ---------------------------------------------------------------------------
-- EndAllAuthenticationContexts
--   membership_not_found | ended (EndedCount may be 0)
-- ---------------------------------------------------------------------------

DROP PROCEDURE IF EXISTS dbo.EndAllAuthenticationContexts;
GO

CREATE PROCEDURE dbo.EndAllAuthenticationContexts
    @MembershipUniqueId UNIQUEIDENTIFIER,
    @EndedCount INT = NULL OUTPUT,
    @Outcome NVARCHAR(50) = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT, XACT_ABORT ON;

    DECLARE @Subject NVARCHAR(255) = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @MembershipUniqueId));

    SET @EndedCount = NULL;
    SET @Outcome = NULL;

    -- A NULL id names no membership (and no lock).
    IF @MembershipUniqueId IS NULL
    BEGIN
        SET @Outcome = N'membership_not_found';
        RETURN;
    END;

    BEGIN TRANSACTION;

    -- LOCK: membership:<id>. No session created in parallel survives an end-all that returned
    -- before it, and the count is exactly the sessions this call ended.
    EXEC ecliptix_internal.lock_subject @Subject = @Subject;

    IF EXISTS (SELECT 1 FROM dbo.Memberships AS m WHERE m.UniqueId = @MembershipUniqueId AND m.IsDeleted = 0)
    BEGIN
        EXEC ecliptix_internal.end_membership_contexts
            @MembershipId = @MembershipUniqueId,
            @EndReason = N'revoked',
            @Why = N'all sessions ended on request',
            @EndedCount = @EndedCount OUTPUT;

        SET @Outcome = N'ended';
    END
    ELSE
        SET @Outcome = N'membership_not_found';

    COMMIT TRANSACTION;
END;
GO
