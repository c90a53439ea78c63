-- EcliptixMemberships, SQL Server 2019+: sessions (authentication contexts), routines (repeatable;
-- see R__configuration.sql for how repeatable migrations re-run). The sessions table's UpdatedAt
-- trigger is created with its table in V2__contract_v2.sql.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
GO

-- ---------------------------------------------------------------------------
-- Helpers (outside dbo)
-- ---------------------------------------------------------------------------

-- Ends every active session of a membership with the given reason; when any ended, writes one
-- contexts_revoked event saying why. @EndedCount is how many ended. Runs inside the caller's
-- transaction and membership lock; it starts no transaction of its own.
DROP PROCEDURE IF EXISTS ecliptix_internal.EndMembershipContexts;
GO

CREATE PROCEDURE ecliptix_internal.EndMembershipContexts
    @MembershipUniqueId UNIQUEIDENTIFIER,
    @EndReason NVARCHAR(20),
    @Why NVARCHAR(200),
    @EndedCount INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    UPDATE dbo.AuthenticationContexts
    SET IsActive = 0,
        EndReason = @EndReason
    WHERE MembershipUniqueId = @MembershipUniqueId
      AND IsActive = 1;

    SET @EndedCount = @@ROWCOUNT;

    IF @EndedCount > 0
    BEGIN
        INSERT INTO dbo.EventLog (EventType, Message)
        VALUES (N'contexts_revoked',
                CONCAT(@EndedCount, N' sessions of membership ', LOWER(CONVERT(NVARCHAR(36), @MembershipUniqueId)),
                       N' ended (', @EndReason, N'): ', @Why, N'.'));
    END;
END;
GO

-- A session token hash as the schema stores it: exactly 64 lower-case hex digits (SHA-256). LEN
-- ignores trailing blanks, so the length is checked with a sentinel; the binary collation keeps
-- the ranges to ASCII.
DROP FUNCTION IF EXISTS ecliptix_internal.IsTokenHash;
GO

CREATE FUNCTION ecliptix_internal.IsTokenHash(
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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @LifetimeHours INT;
    DECLARE @MaxContexts INT;
    DECLARE @Status NVARCHAR(20);
    DECLARE @DeviceFound BIT;
    DECLARE @Now DATETIME2(7);
    DECLARE @NewId UNIQUEIDENTIFIER = NEWID();
    DECLARE @NewExpiresAt DATETIME2(7);

    SET @ContextUniqueId = NULL;
    SET @ExpiresAt = NULL;
    SET @Outcome = NULL;

    -- Input validation: nothing is written.
    IF @MembershipUniqueId IS NULL OR @AppDeviceId IS NULL OR ecliptix_internal.IsTokenHash(@ContextTokenHash) = 0
    BEGIN
        SET @Outcome = N'invalid_input';
        RETURN;
    END;

    SET @LifetimeHours = ecliptix_internal.ConfigInt(N'Authentication.ContextLifetimeHours');
    SET @MaxContexts = ecliptix_internal.ConfigInt(N'Authentication.MaxContextsPerMembership');

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: membership:<id>. Guards Authentication.MaxContextsPerMembership: parallel creations
        -- count and end the oldest sessions one after the other, and a block or a new key is seen by
        -- the next one.
        SET @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @MembershipUniqueId));
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        -- The membership's status and the device in one read.
        SELECT @Status = (SELECT m.Status
                          FROM dbo.Memberships AS m
                          WHERE m.UniqueId = @MembershipUniqueId
                            AND m.IsDeleted = 0),
               @DeviceFound = CASE WHEN EXISTS (SELECT 1
                                                FROM dbo.AppDevices AS d
                                                WHERE d.UniqueId = @AppDeviceId
                                                  AND d.IsDeleted = 0)
                                   THEN 1 ELSE 0 END;

        IF @Status IS NULL
        BEGIN
            SET @Outcome = N'membership_not_found';
            GOTO Finish;
        END;

        IF @Status = N'blocked'
        BEGIN
            SET @Outcome = N'membership_blocked';
            GOTO Finish;
        END;

        IF @Status <> N'active'
        BEGIN
            SET @Outcome = N'inactive_membership';
            GOTO Finish;
        END;

        IF @DeviceFound = 0
        BEGIN
            SET @Outcome = N'device_not_found';
            GOTO Finish;
        END;

        SET @Now = SYSUTCDATETIME();

        SET @NewExpiresAt = DATEADD(HOUR, @LifetimeHours, @Now);

        INSERT INTO dbo.AuthenticationContexts (MembershipUniqueId, AppDeviceId, ContextTokenHash, ExpiresAt, UniqueId)
        VALUES (@MembershipUniqueId, @AppDeviceId, @ContextTokenHash, @NewExpiresAt, @NewId);

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

        SET @ContextUniqueId = @NewId;
        SET @ExpiresAt = @NewExpiresAt;
        SET @Outcome = N'created';

    Finish:
        IF @StartedTran = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        -- Roll back only a transaction this procedure started; a caller's stays the caller's.
        IF @StartedTran = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @Membership UNIQUEIDENTIFIER;
    DECLARE @Context UNIQUEIDENTIFIER;
    DECLARE @ContextExpiresAt DATETIME2(7);
    DECLARE @Status NVARCHAR(20);
    DECLARE @Now DATETIME2(7);

    SET @ContextUniqueId = NULL;
    SET @MembershipUniqueId = NULL;
    SET @ExpiresAt = NULL;
    SET @Outcome = NULL;

    IF ecliptix_internal.IsTokenHash(@ContextTokenHash) = 0
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

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: membership:<id>. A session that a new key, an end-all or a newer session ended is
        -- never found valid once that change committed.
        SET @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @Membership));
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        SELECT @Context = c.UniqueId,
               @ContextExpiresAt = c.ExpiresAt
        FROM dbo.AuthenticationContexts AS c
        WHERE c.ContextTokenHash = @ContextTokenHash
          AND c.IsActive = 1;

        IF @Context IS NULL
        BEGIN
            SET @Outcome = N'not_found';
            GOTO Finish;
        END;

        SET @ContextUniqueId = @Context;
        SET @MembershipUniqueId = @Membership;
        SET @ExpiresAt = @ContextExpiresAt;
        SET @Now = SYSUTCDATETIME();

        IF @ContextExpiresAt <= @Now
        BEGIN
            UPDATE dbo.AuthenticationContexts
            SET IsActive = 0,
                EndReason = N'expired'
            WHERE UniqueId = @Context;

            SET @Outcome = N'expired';
            GOTO Finish;
        END;

        SELECT @Status = m.Status
        FROM dbo.Memberships AS m
        WHERE m.UniqueId = @Membership
          AND m.IsDeleted = 0;

        -- A blocked membership (or one that is no longer live or active) ends its sessions as they are used.
        IF @Status IS NULL OR @Status <> N'active'
        BEGIN
            UPDATE dbo.AuthenticationContexts
            SET IsActive = 0,
                EndReason = N'revoked'
            WHERE UniqueId = @Context;

            SET @Outcome = N'membership_blocked';
            GOTO Finish;
        END;

        UPDATE dbo.AuthenticationContexts
        SET LastUsedAt = @Now
        WHERE UniqueId = @Context;

        SET @Outcome = N'valid';

    Finish:
        IF @StartedTran = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF @StartedTran = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @LifetimeHours INT;
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

    SET @LifetimeHours = ecliptix_internal.ConfigInt(N'Authentication.ContextLifetimeHours');

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: membership:<id>. A session ended meanwhile (new key, end-all, replaced) is not extended.
        SET @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @Membership));
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        SELECT @ContextExpiresAt = c.ExpiresAt
        FROM dbo.AuthenticationContexts AS c
        WHERE c.UniqueId = @ContextUniqueId
          AND c.IsActive = 1;

        IF @ContextExpiresAt IS NULL
        BEGIN
            SET @Outcome = N'not_found';
            GOTO Finish;
        END;

        SET @Now = SYSUTCDATETIME();

        IF @ContextExpiresAt <= @Now
        BEGIN
            UPDATE dbo.AuthenticationContexts
            SET IsActive = 0,
                EndReason = N'expired'
            WHERE UniqueId = @ContextUniqueId;

            SET @Outcome = N'expired';
            GOTO Finish;
        END;

        SET @ContextExpiresAt = DATEADD(HOUR, @LifetimeHours, @Now);

        UPDATE dbo.AuthenticationContexts
        SET ExpiresAt = @ContextExpiresAt
        WHERE UniqueId = @ContextUniqueId;

        SET @ExpiresAt = @ContextExpiresAt;
        SET @Outcome = N'refreshed';

    Finish:
        IF @StartedTran = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF @StartedTran = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @Membership UNIQUEIDENTIFIER;
    DECLARE @Ended INT;

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

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: membership:<id>. A session ends once, with one reason, whichever routine ends it first.
        SET @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @Membership));
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        UPDATE dbo.AuthenticationContexts
        SET IsActive = 0,
            EndReason = N'logged_out'
        WHERE UniqueId = @ContextUniqueId
          AND IsActive = 1;

        SET @Ended = @@ROWCOUNT;
        SET @Outcome = CASE WHEN @Ended > 0 THEN N'ended' ELSE N'not_found' END;

        IF @StartedTran = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF @StartedTran = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
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
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @StartedTran BIT = 0;
    DECLARE @Subject NVARCHAR(255);
    DECLARE @Ended INT;

    SET @EndedCount = NULL;
    SET @Outcome = NULL;

    -- A NULL id names no membership (and no lock).
    IF @MembershipUniqueId IS NULL
    BEGIN
        SET @Outcome = N'membership_not_found';
        RETURN;
    END;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            BEGIN TRANSACTION;
            SET @StartedTran = 1;
        END;

        -- LOCK: membership:<id>. No session created in parallel survives an end-all that returned
        -- before it, and the count is exactly the sessions this call ended.
        SET @Subject = N'membership:' + LOWER(CONVERT(NVARCHAR(36), @MembershipUniqueId));
        EXEC ecliptix_internal.LockSubject @Subject = @Subject;

        IF NOT EXISTS (
            SELECT 1
            FROM dbo.Memberships AS m
            WHERE m.UniqueId = @MembershipUniqueId
              AND m.IsDeleted = 0)
        BEGIN
            SET @Outcome = N'membership_not_found';
            GOTO Finish;
        END;

        EXEC ecliptix_internal.EndMembershipContexts
            @MembershipUniqueId = @MembershipUniqueId,
            @EndReason = N'revoked',
            @Why = N'all sessions ended on request',
            @EndedCount = @Ended OUTPUT;

        SET @EndedCount = @Ended;
        SET @Outcome = N'ended';

    Finish:
        IF @StartedTran = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF @StartedTran = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
END;
GO
