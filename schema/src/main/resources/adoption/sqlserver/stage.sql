-- Adoption of a legacy EcliptixMemberships database, step 1 of 3 (LegacyAdoption runs the steps): copies
-- every legacy row into a temporary table of this session and applies the conflict rules there
-- (docs/adopting.md states them; AdoptionRule names them). It reads the legacy tables and writes nothing
-- but temporary tables, so the dry run is this step alone, rolled back.
--
-- Each staging table holds the legacy columns, the columns the baseline adds (LockedUntil), and three of
-- its own: Changed (a rule changed the row), SoftDeleted (a rule soft-deleted it) and Hit (the rows the
-- current rule picked). A rule first marks its rows, logs each in #AdoptionConflicts, then changes them.

SET NOCOUNT ON;
SET XACT_ABORT ON;
GO

-- One moment for every time the rules compare with (the limits' windows, a lockout still running).
SELECT SYSUTCDATETIME() AS AdoptedAt INTO #AdoptionClock;

CREATE TABLE #AdoptionConflicts
(
    Seq       INT IDENTITY(1,1) NOT NULL,
    TableName NVARCHAR(30)      NOT NULL,
    RowKey    NVARCHAR(200)     NOT NULL,
    RuleCode  NVARCHAR(40)      NOT NULL,
    Detail    NVARCHAR(MAX)     NOT NULL
);
GO

SELECT a.*, CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #AppDevices FROM dbo.AppDevices AS a;

SELECT p.*, CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #PhoneNumbers FROM dbo.PhoneNumbers AS p;

SELECT l.*, l.PhoneNumberId AS LegacyPhoneNumberId,
       CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #PhoneNumberDevices FROM dbo.PhoneNumberDevices AS l;

SELECT f.*, CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #VerificationFlows FROM dbo.VerificationFlows AS f;

SELECT o.*, CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #OtpRecords FROM dbo.OtpRecords AS o;

SELECT a.*, CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #FailedOtpAttempts FROM dbo.FailedOtpAttempts AS a;

SELECT m.*, CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #Memberships FROM dbo.Memberships AS m;

-- WaitMinutes: the row held a legacy refusal's wait in minutes (membership-wait-minutes).
SELECT a.*, CAST(0 AS BIT) AS WaitMinutes,
       CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #MembershipAttempts FROM dbo.MembershipAttempts AS a;

-- LockedUntil: the baseline's column, set by lockout-marker.
SELECT a.*, CAST(NULL AS DATETIME2(7)) AS LockedUntil,
       CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #LoginAttempts FROM dbo.LoginAttempts AS a;

SELECT e.*, CAST(0 AS BIT) AS Changed, CAST(0 AS BIT) AS SoftDeleted, CAST(0 AS BIT) AS Hit
INTO #EventLog FROM dbo.EventLog AS e;
GO

-- ---------------------------------------------------------------------------
-- phone-duplicate: one live row per number. The newest live row (CreatedAt, then Id) stays as it is;
-- the others are soft-deleted, and every row that referred to them (device links, flows, OTPs,
-- memberships, membership attempts) is moved to the one that stays, so their limits and history add up
-- under one phone. A device linked to several of them keeps one link: the staying row's own, else the
-- newest; it is live when any of them was; the others are soft-deleted where they are.
-- ---------------------------------------------------------------------------

SELECT p.Id, p.UniqueId, p.PhoneNumber,
       ROW_NUMBER() OVER (PARTITION BY p.PhoneNumber ORDER BY p.CreatedAt DESC, p.Id DESC) AS Newness
INTO #LivePhones
FROM #PhoneNumbers AS p
WHERE p.IsDeleted = 0;

-- Every row of a number live in several rows, with the row that stays (which maps to itself).
SELECT p.Id AS PhoneId, p.UniqueId AS PhoneUniqueId, s.Id AS SurvivorId, s.UniqueId AS SurvivorUniqueId
INTO #PhoneGroups
FROM #LivePhones AS p
INNER JOIN #LivePhones AS s ON s.PhoneNumber = p.PhoneNumber AND s.Newness = 1
WHERE EXISTS (SELECT 1 FROM #LivePhones AS d WHERE d.PhoneNumber = p.PhoneNumber AND d.Newness > 1);
GO

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'PhoneNumbers', CONCAT(N'Id ', p.Id), N'phone-duplicate',
       CONCAT(p.PhoneNumber, N' (region ', COALESCE(p.Region, N'none'), N') is also live in the newer Id ', s.Id,
              N' (region ', COALESCE(s.Region, N'none'), N'), which stays: soft-deleted')
FROM #PhoneGroups AS g
INNER JOIN #PhoneNumbers AS p ON p.Id = g.PhoneId
INNER JOIN #PhoneNumbers AS s ON s.Id = g.SurvivorId
WHERE g.PhoneId <> g.SurvivorId;

UPDATE p SET IsDeleted = 1, Changed = 1, SoftDeleted = 1
FROM #PhoneNumbers AS p
INNER JOIN #PhoneGroups AS g ON g.PhoneId = p.Id
WHERE g.PhoneId <> g.SurvivorId;
GO

-- Device links of the group, per device: the one that stays first.
SELECT l.LegacyPhoneNumberId, l.AppDeviceId, g.SurvivorUniqueId,
       ROW_NUMBER() OVER (PARTITION BY g.SurvivorUniqueId, l.AppDeviceId
                          ORDER BY CASE WHEN l.PhoneNumberId = g.SurvivorUniqueId THEN 0 ELSE 1 END,
                                   CAST(l.IsDeleted AS INT), l.CreatedAt DESC) AS Preference,
       MIN(CAST(l.IsDeleted AS INT)) OVER (PARTITION BY g.SurvivorUniqueId, l.AppDeviceId) AS NoneLive
INTO #LinkGroups
FROM #PhoneNumberDevices AS l
INNER JOIN #PhoneGroups AS g ON g.PhoneUniqueId = l.PhoneNumberId;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'PhoneNumberDevices', CONCAT(N'phone ', l.LegacyPhoneNumberId, N' device ', l.AppDeviceId), N'phone-duplicate',
       CASE
           WHEN k.Preference > 1 THEN
               N'the device is linked to the phone row that stays as well: this duplicate link is soft-deleted'
           WHEN l.PhoneNumberId <> k.SurvivorUniqueId THEN
               CONCAT(N'moved to the phone row that stays, ', k.SurvivorUniqueId,
                      CASE WHEN l.IsDeleted = 1 AND k.NoneLive = 0 THEN N', live as another of its links was' ELSE N'' END)
           ELSE N'live again: a duplicate phone row had a live link to the same device'
       END
FROM #PhoneNumberDevices AS l
INNER JOIN #LinkGroups AS k ON k.LegacyPhoneNumberId = l.LegacyPhoneNumberId AND k.AppDeviceId = l.AppDeviceId
WHERE (k.Preference > 1 AND l.IsDeleted = 0)
   OR (k.Preference = 1 AND l.PhoneNumberId <> k.SurvivorUniqueId)
   OR (k.Preference = 1 AND l.IsDeleted = 1 AND k.NoneLive = 0);

UPDATE l SET IsDeleted = 1, Changed = 1, SoftDeleted = 1
FROM #PhoneNumberDevices AS l
INNER JOIN #LinkGroups AS k ON k.LegacyPhoneNumberId = l.LegacyPhoneNumberId AND k.AppDeviceId = l.AppDeviceId
WHERE k.Preference > 1 AND l.IsDeleted = 0;

UPDATE l SET PhoneNumberId = k.SurvivorUniqueId, IsDeleted = CAST(k.NoneLive AS BIT), Changed = 1
FROM #PhoneNumberDevices AS l
INNER JOIN #LinkGroups AS k ON k.LegacyPhoneNumberId = l.LegacyPhoneNumberId AND k.AppDeviceId = l.AppDeviceId
WHERE k.Preference = 1
  AND (l.PhoneNumberId <> k.SurvivorUniqueId OR (l.IsDeleted = 1 AND k.NoneLive = 0));
GO

-- The other references move to the row that stays.
INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'VerificationFlows', CONCAT(N'Id ', f.Id), N'phone-duplicate',
       CONCAT(N'moved from phone Id ', f.PhoneNumberId, N' to Id ', g.SurvivorId, N', the row that stays')
FROM #VerificationFlows AS f
INNER JOIN #PhoneGroups AS g ON g.PhoneId = f.PhoneNumberId
WHERE g.PhoneId <> g.SurvivorId;

UPDATE f SET PhoneNumberId = g.SurvivorId, Changed = 1
FROM #VerificationFlows AS f
INNER JOIN #PhoneGroups AS g ON g.PhoneId = f.PhoneNumberId
WHERE g.PhoneId <> g.SurvivorId;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'OtpRecords', CONCAT(N'Id ', o.Id), N'phone-duplicate',
       CONCAT(N'moved from phone Id ', o.PhoneNumberId, N' to Id ', g.SurvivorId, N', the row that stays')
FROM #OtpRecords AS o
INNER JOIN #PhoneGroups AS g ON g.PhoneId = o.PhoneNumberId
WHERE g.PhoneId <> g.SurvivorId;

UPDATE o SET PhoneNumberId = g.SurvivorId, Changed = 1
FROM #OtpRecords AS o
INNER JOIN #PhoneGroups AS g ON g.PhoneId = o.PhoneNumberId
WHERE g.PhoneId <> g.SurvivorId;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'Memberships', CONCAT(N'Id ', m.Id), N'phone-duplicate',
       CONCAT(N'moved from phone ', m.PhoneNumberId, N' to ', g.SurvivorUniqueId, N', the row that stays')
FROM #Memberships AS m
INNER JOIN #PhoneGroups AS g ON g.PhoneUniqueId = m.PhoneNumberId
WHERE g.PhoneId <> g.SurvivorId;

UPDATE m SET PhoneNumberId = g.SurvivorUniqueId, Changed = 1
FROM #Memberships AS m
INNER JOIN #PhoneGroups AS g ON g.PhoneUniqueId = m.PhoneNumberId
WHERE g.PhoneId <> g.SurvivorId;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'MembershipAttempts', CONCAT(N'Id ', a.Id), N'phone-duplicate',
       CONCAT(N'moved from phone ', a.PhoneNumberId, N' to ', g.SurvivorUniqueId, N', the row that stays')
FROM #MembershipAttempts AS a
INNER JOIN #PhoneGroups AS g ON g.PhoneUniqueId = a.PhoneNumberId
WHERE g.PhoneId <> g.SurvivorId;

UPDATE a SET PhoneNumberId = g.SurvivorUniqueId, Changed = 1
FROM #MembershipAttempts AS a
INNER JOIN #PhoneGroups AS g ON g.PhoneUniqueId = a.PhoneNumberId
WHERE g.PhoneId <> g.SurvivorId;
GO

-- ---------------------------------------------------------------------------
-- code-case: statuses, purposes and creation statuses were compared case-insensitively; the baseline
-- compares them exactly, so each is written in lower case, the spelling its check lists.
-- ---------------------------------------------------------------------------

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'VerificationFlows', CONCAT(N'Id ', f.Id), N'code-case', CONCAT(N'Status ''', f.Status, N''' written ''', LOWER(f.Status), N'''')
FROM #VerificationFlows AS f
WHERE f.Status COLLATE Latin1_General_BIN2 <> LOWER(f.Status) COLLATE Latin1_General_BIN2;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'VerificationFlows', CONCAT(N'Id ', f.Id), N'code-case', CONCAT(N'Purpose ''', f.Purpose, N''' written ''', LOWER(f.Purpose), N'''')
FROM #VerificationFlows AS f
WHERE f.Purpose COLLATE Latin1_General_BIN2 <> LOWER(f.Purpose) COLLATE Latin1_General_BIN2;

UPDATE #VerificationFlows SET Status = LOWER(Status), Purpose = LOWER(Purpose), Changed = 1
WHERE Status COLLATE Latin1_General_BIN2 <> LOWER(Status) COLLATE Latin1_General_BIN2
   OR Purpose COLLATE Latin1_General_BIN2 <> LOWER(Purpose) COLLATE Latin1_General_BIN2;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'OtpRecords', CONCAT(N'Id ', o.Id), N'code-case', CONCAT(N'Status ''', o.Status, N''' written ''', LOWER(o.Status), N'''')
FROM #OtpRecords AS o
WHERE o.Status COLLATE Latin1_General_BIN2 <> LOWER(o.Status) COLLATE Latin1_General_BIN2;

UPDATE #OtpRecords SET Status = LOWER(Status), Changed = 1
WHERE Status COLLATE Latin1_General_BIN2 <> LOWER(Status) COLLATE Latin1_General_BIN2;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'Memberships', CONCAT(N'Id ', m.Id), N'code-case', CONCAT(N'Status ''', m.Status, N''' written ''', LOWER(m.Status), N'''')
FROM #Memberships AS m
WHERE m.Status COLLATE Latin1_General_BIN2 <> LOWER(m.Status) COLLATE Latin1_General_BIN2;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'Memberships', CONCAT(N'Id ', m.Id), N'code-case',
       CONCAT(N'CreationStatus ''', m.CreationStatus, N''' written ''', LOWER(m.CreationStatus), N'''')
FROM #Memberships AS m
WHERE m.CreationStatus COLLATE Latin1_General_BIN2 <> LOWER(m.CreationStatus) COLLATE Latin1_General_BIN2;

UPDATE #Memberships SET Status = LOWER(Status), CreationStatus = LOWER(CreationStatus), Changed = 1
WHERE Status COLLATE Latin1_General_BIN2 <> LOWER(Status) COLLATE Latin1_General_BIN2
   OR CreationStatus COLLATE Latin1_General_BIN2 <> LOWER(CreationStatus) COLLATE Latin1_General_BIN2;
GO

-- ---------------------------------------------------------------------------
-- pending-flow-duplicate: at most one live pending flow per device, phone and purpose (two can meet
-- only after phone-duplicate moved them together). The newest stays pending; the others become
-- expired, a transition the flow rules allow; their OTPs and failed checks stay.
-- ---------------------------------------------------------------------------

UPDATE f SET Hit = 1
FROM #VerificationFlows AS f
INNER JOIN (SELECT Id, ROW_NUMBER() OVER (PARTITION BY AppDeviceId, PhoneNumberId, Purpose
                                          ORDER BY CreatedAt DESC, Id DESC) AS Newness
            FROM #VerificationFlows
            WHERE Status = N'pending' AND IsDeleted = 0) AS r ON r.Id = f.Id
WHERE r.Newness > 1;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'VerificationFlows', CONCAT(N'Id ', f.Id), N'pending-flow-duplicate',
       CONCAT(N'a newer pending ', f.Purpose, N' flow of the same device and phone stays pending: this one becomes expired')
FROM #VerificationFlows AS f
WHERE f.Hit = 1;

UPDATE #VerificationFlows SET Status = N'expired', Changed = 1, Hit = 0 WHERE Hit = 1;
GO

-- ---------------------------------------------------------------------------
-- otp-active-duplicate: at most one live active OTP per flow. The newest stays active; the others are
-- deactivated (IsActive 0), as a new OTP deactivates the previous one; their status and failed checks stay.
-- ---------------------------------------------------------------------------

UPDATE o SET Hit = 1
FROM #OtpRecords AS o
INNER JOIN (SELECT Id, ROW_NUMBER() OVER (PARTITION BY FlowUniqueId ORDER BY CreatedAt DESC, Id DESC) AS Newness
            FROM #OtpRecords
            WHERE IsActive = 1 AND IsDeleted = 0) AS r ON r.Id = o.Id
WHERE r.Newness > 1;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'OtpRecords', CONCAT(N'Id ', o.Id), N'otp-active-duplicate',
       CONCAT(N'flow ', o.FlowUniqueId, N' has a newer active OTP: this one is deactivated')
FROM #OtpRecords AS o
WHERE o.Hit = 1;

UPDATE #OtpRecords SET IsActive = 0, Changed = 1, Hit = 0 WHERE Hit = 1;
GO

-- ---------------------------------------------------------------------------
-- primary-device-duplicate: at most one live primary device per phone. The most recently linked one
-- (CreatedAt, then device id) stays primary; the others stay linked and live, as secondary devices.
-- ---------------------------------------------------------------------------

UPDATE l SET Hit = 1
FROM #PhoneNumberDevices AS l
INNER JOIN (SELECT PhoneNumberId, AppDeviceId,
                   ROW_NUMBER() OVER (PARTITION BY PhoneNumberId ORDER BY CreatedAt DESC, AppDeviceId DESC) AS Newness
            FROM #PhoneNumberDevices
            WHERE IsPrimary = 1 AND IsDeleted = 0) AS r
    ON r.PhoneNumberId = l.PhoneNumberId AND r.AppDeviceId = l.AppDeviceId
WHERE r.Newness > 1;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'PhoneNumberDevices', CONCAT(N'phone ', l.LegacyPhoneNumberId, N' device ', l.AppDeviceId), N'primary-device-duplicate',
       N'the phone has a more recently linked primary device: this one stays linked, not primary'
FROM #PhoneNumberDevices AS l
WHERE l.Hit = 1;

UPDATE #PhoneNumberDevices SET IsPrimary = 0, Changed = 1, Hit = 0 WHERE Hit = 1;
GO

-- ---------------------------------------------------------------------------
-- membership-duplicate: one live membership per phone. The newest (CreatedAt, then Id) stays: the one
-- the legacy LoginMembership and recovery already used. The others are soft-deleted, their secure keys
-- kept in the row.
-- ---------------------------------------------------------------------------

UPDATE m SET Hit = 1
FROM #Memberships AS m
INNER JOIN (SELECT Id, ROW_NUMBER() OVER (PARTITION BY PhoneNumberId ORDER BY CreatedAt DESC, Id DESC) AS Newness
            FROM #Memberships
            WHERE IsDeleted = 0) AS r ON r.Id = m.Id
WHERE r.Newness > 1;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'Memberships', CONCAT(N'Id ', m.Id), N'membership-duplicate',
       CONCAT(N'phone ', m.PhoneNumberId, N' has a newer live membership, which stays: this one (',
              m.Status, CASE WHEN m.SecureKey IS NULL THEN N', no secure key' ELSE N', with a secure key' END,
              N') is soft-deleted')
FROM #Memberships AS m
WHERE m.Hit = 1;

UPDATE #Memberships SET IsDeleted = 1, Changed = 1, SoftDeleted = 1, Hit = 0 WHERE Hit = 1;
GO

-- ---------------------------------------------------------------------------
-- creation-status-missing: CreationStatus is required. A membership with a secure key gets
-- secure_key_set, one without gets otp_verified (what creating it recorded).
-- ---------------------------------------------------------------------------

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'Memberships', CONCAT(N'Id ', m.Id), N'creation-status-missing',
       CASE WHEN DATALENGTH(m.SecureKey) > 0 THEN N'no CreationStatus, has a secure key: secure_key_set'
            ELSE N'no CreationStatus, no secure key: otp_verified' END
FROM #Memberships AS m
WHERE m.CreationStatus IS NULL;

UPDATE #Memberships
SET CreationStatus = CASE WHEN DATALENGTH(SecureKey) > 0 THEN N'secure_key_set' ELSE N'otp_verified' END,
    Changed = 1
WHERE CreationStatus IS NULL;
GO

-- ---------------------------------------------------------------------------
-- attempt-time: the legacy routines counted attempts by Timestamp (AttemptTime for failed OTP checks);
-- the baseline counts by CreatedAt, so CreatedAt takes that time where the two differ. The legacy
-- columns go.
-- ---------------------------------------------------------------------------

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'LoginAttempts', CONCAT(N'Id ', a.Id), N'attempt-time',
       CONCAT(N'CreatedAt ', CONVERT(NVARCHAR(30), a.CreatedAt, 126), N' takes Timestamp ', CONVERT(NVARCHAR(30), a.Timestamp, 126))
FROM #LoginAttempts AS a
WHERE a.CreatedAt <> a.Timestamp;

UPDATE #LoginAttempts SET CreatedAt = Timestamp, Changed = 1 WHERE CreatedAt <> Timestamp;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'MembershipAttempts', CONCAT(N'Id ', a.Id), N'attempt-time',
       CONCAT(N'CreatedAt ', CONVERT(NVARCHAR(30), a.CreatedAt, 126), N' takes Timestamp ', CONVERT(NVARCHAR(30), a.Timestamp, 126))
FROM #MembershipAttempts AS a
WHERE a.CreatedAt <> a.Timestamp;

UPDATE #MembershipAttempts SET CreatedAt = Timestamp, Changed = 1 WHERE CreatedAt <> Timestamp;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'FailedOtpAttempts', CONCAT(N'Id ', a.Id), N'attempt-time',
       CONCAT(N'CreatedAt ', CONVERT(NVARCHAR(30), a.CreatedAt, 126), N' takes AttemptTime ', CONVERT(NVARCHAR(30), a.AttemptTime, 126))
FROM #FailedOtpAttempts AS a
WHERE a.CreatedAt <> a.AttemptTime;

UPDATE #FailedOtpAttempts SET CreatedAt = AttemptTime, Changed = 1 WHERE CreatedAt <> AttemptTime;
GO

-- ---------------------------------------------------------------------------
-- lockout-marker: the legacy LoginMembership started a lockout by logging an attempt whose Outcome is
-- 'LOCKED_UNTIL:' and the time it ends. It becomes what the baseline writes for a lockout: a failed
-- attempt with Outcome locked_out and that time in LockedUntil, so a running lockout keeps running and
-- counts toward the doubling of the next.
-- lockout-marker-unreadable: a marker whose time cannot be read locked nothing under the legacy rules
-- either; it becomes a locked_out attempt without LockedUntil (logged, counted as nothing).
-- ---------------------------------------------------------------------------

UPDATE #LoginAttempts
SET Hit = 1, LockedUntil = TRY_CAST(SUBSTRING(Outcome, 14, 60) AS DATETIME2(7))
WHERE Outcome LIKE N'LOCKED[_]UNTIL:%';

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'LoginAttempts', CONCAT(N'Id ', a.Id),
       CASE WHEN a.LockedUntil IS NULL THEN N'lockout-marker-unreadable' ELSE N'lockout-marker' END,
       CASE WHEN a.LockedUntil IS NULL THEN CONCAT(N'''', a.Outcome, N''' names no time: locked_out without LockedUntil')
            ELSE CONCAT(N'''', a.Outcome, N''' for ', a.PhoneNumber, N': locked_out with LockedUntil ',
                        CONVERT(NVARCHAR(30), a.LockedUntil, 126),
                        CASE WHEN a.LockedUntil > (SELECT AdoptedAt FROM #AdoptionClock) THEN N' (running)' ELSE N' (ended)' END) END
FROM #LoginAttempts AS a
WHERE a.Hit = 1;

UPDATE #LoginAttempts SET Outcome = N'locked_out', IsSuccess = 0, Changed = 1, Hit = 0 WHERE Hit = 1;
GO

-- lockout-kept-past-success: the baseline counts a lockout only after the number's latest success and
-- within 24 hours; the legacy check ignored both. A lockout still running at adoption that either would
-- hide (the application logged a success during it) is kept: its row's CreatedAt becomes the adoption time.
UPDATE a SET Hit = 1
FROM #LoginAttempts AS a
CROSS JOIN #AdoptionClock AS c
WHERE a.Outcome = N'locked_out'
  AND a.LockedUntil > c.AdoptedAt
  AND (a.CreatedAt <= DATEADD(HOUR, -24, c.AdoptedAt)
       OR EXISTS (SELECT 1 FROM #LoginAttempts AS s
                  WHERE s.PhoneNumber = a.PhoneNumber AND s.IsSuccess = 1 AND s.CreatedAt >= a.CreatedAt));

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'LoginAttempts', CONCAT(N'Id ', a.Id), N'lockout-kept-past-success',
       CONCAT(N'the lockout of ', a.PhoneNumber, N' runs until ', CONVERT(NVARCHAR(30), a.LockedUntil, 126),
              N' but a success was logged after it began: CreatedAt becomes the adoption time so that it still counts')
FROM #LoginAttempts AS a
WHERE a.Hit = 1;

UPDATE a SET CreatedAt = c.AdoptedAt, Changed = 1, Hit = 0
FROM #LoginAttempts AS a
CROSS JOIN #AdoptionClock AS c
WHERE a.Hit = 1;
GO

-- login-wait-minutes: an attempt the application logged with the minutes a locked-out login was told to
-- wait. The baseline logs such a refusal as locked_out, which starts and counts toward nothing.
UPDATE #LoginAttempts SET Hit = 1
WHERE IsSuccess = 0 AND LEN(Outcome) BETWEEN 1 AND 9 AND Outcome NOT LIKE N'%[^0-9]%';

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'LoginAttempts', CONCAT(N'Id ', a.Id), N'login-wait-minutes',
       CONCAT(N'''', a.Outcome, N''' (minutes to wait) for ', a.PhoneNumber, N': locked_out')
FROM #LoginAttempts AS a
WHERE a.Hit = 1;

UPDATE #LoginAttempts SET Outcome = N'locked_out', Changed = 1, Hit = 0 WHERE Hit = 1;
GO

-- ---------------------------------------------------------------------------
-- membership-wait-minutes: the legacy CreateMembership logged a refused attempt with the minutes to
-- wait as its Outcome. It becomes rate_limited, what the baseline logs for a refusal.
-- ---------------------------------------------------------------------------

UPDATE #MembershipAttempts SET Hit = 1
WHERE IsSuccess = 0 AND LEN(Outcome) BETWEEN 1 AND 9 AND Outcome NOT LIKE N'%[^0-9]%';

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'MembershipAttempts', CONCAT(N'Id ', a.Id), N'membership-wait-minutes',
       CONCAT(N'''', a.Outcome, N''' (minutes to wait): rate_limited')
FROM #MembershipAttempts AS a
WHERE a.Hit = 1;

UPDATE #MembershipAttempts SET Outcome = N'rate_limited', WaitMinutes = 1, Changed = 1, Hit = 0 WHERE Hit = 1;
GO

-- membership-success-not-reset: the baseline counts failed membership creations after the phone's latest
-- success. The legacy routines also logged membership_already_exists and secure_key_updated (and the
-- application other outcomes) as successes, but only created cleared the failures. Such a success of the
-- last hour, where it could end a count, is soft-deleted; older ones stay as they are.
UPDATE a SET Hit = 1
FROM #MembershipAttempts AS a
CROSS JOIN #AdoptionClock AS c
WHERE a.IsSuccess = 1 AND a.IsDeleted = 0
  AND a.Outcome COLLATE Latin1_General_BIN2 <> N'created'
  AND a.CreatedAt > DATEADD(HOUR, -1, c.AdoptedAt);

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'MembershipAttempts', CONCAT(N'Id ', a.Id), N'membership-success-not-reset',
       CONCAT(N'success ''', a.Outcome, N''' of the last hour did not clear failures under the legacy rules: soft-deleted')
FROM #MembershipAttempts AS a
WHERE a.Hit = 1;

UPDATE #MembershipAttempts SET IsDeleted = 1, Changed = 1, SoftDeleted = 1, Hit = 0 WHERE Hit = 1;
GO

-- rate-limit-held-by-refusals: the legacy count of failed creations (5 in the trailing hour, hard-coded)
-- counted its own refusals, the baseline's (Membership.MaxFailedAttemptsPerHour, seeded 5) does not. A
-- phone refused under the legacy count at adoption that the baseline's count would let through keeps its
-- refusals of the last hour counted: their Outcome becomes rate_limited_legacy, a failure to the count,
-- so the limit holds until they leave the hour.
SELECT a.PhoneNumberId,
       SUM(CASE WHEN a.Timestamp > DATEADD(HOUR, -1, c.AdoptedAt) AND a.IsSuccess = 0 THEN 1 ELSE 0 END) AS LegacyFailures
INTO #MembershipLimits
FROM #MembershipAttempts AS a
CROSS JOIN #AdoptionClock AS c
GROUP BY a.PhoneNumberId
HAVING SUM(CASE WHEN a.Timestamp > DATEADD(HOUR, -1, c.AdoptedAt) AND a.IsSuccess = 0 THEN 1 ELSE 0 END) >= 5;

UPDATE a SET Hit = 1
FROM #MembershipAttempts AS a
CROSS JOIN #AdoptionClock AS c
INNER JOIN #MembershipLimits AS l ON l.PhoneNumberId = a.PhoneNumberId
WHERE a.WaitMinutes = 1
  AND a.CreatedAt > DATEADD(HOUR, -1, c.AdoptedAt)
  AND (SELECT COUNT(*)
       FROM #MembershipAttempts AS f
       WHERE f.PhoneNumberId = a.PhoneNumberId
         AND f.IsSuccess = 0 AND f.IsDeleted = 0
         AND f.Outcome COLLATE Latin1_General_BIN2 <> N'rate_limited'
         AND f.CreatedAt > DATEADD(HOUR, -1, c.AdoptedAt)
         AND NOT EXISTS (SELECT 1 FROM #MembershipAttempts AS s
                         WHERE s.PhoneNumberId = f.PhoneNumberId AND s.IsSuccess = 1 AND s.IsDeleted = 0
                           AND s.CreatedAt >= f.CreatedAt)) < 5;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'MembershipAttempts', CONCAT(N'Id ', a.Id), N'rate-limit-held-by-refusals',
       CONCAT(N'phone ', a.PhoneNumberId, N' is refused by the legacy count of its last hour (', l.LegacyFailures,
              N' failures): this refusal counts on as rate_limited_legacy')
FROM #MembershipAttempts AS a
INNER JOIN #MembershipLimits AS l ON l.PhoneNumberId = a.PhoneNumberId
WHERE a.Hit = 1;

UPDATE #MembershipAttempts SET Outcome = N'rate_limited_legacy', Changed = 1, Hit = 0 WHERE Hit = 1;
GO

-- ---------------------------------------------------------------------------
-- outcome-too-long: Outcome is 50 characters wide (the legacy column 255); a longer one, which only the
-- application could have logged, keeps its first 50 characters. It counts as before: the rules read
-- only IsSuccess and the codes above.
-- ---------------------------------------------------------------------------

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'LoginAttempts', CONCAT(N'Id ', a.Id), N'outcome-too-long',
       CONCAT(N'''', a.Outcome, N''' (', LEN(a.Outcome + N'.') - 1, N' characters) keeps ''', LEFT(a.Outcome, 50), N'''')
FROM #LoginAttempts AS a
WHERE LEN(a.Outcome + N'.') - 1 > 50;

UPDATE #LoginAttempts SET Outcome = LEFT(Outcome, 50), Changed = 1 WHERE LEN(Outcome + N'.') - 1 > 50;

INSERT INTO #AdoptionConflicts (TableName, RowKey, RuleCode, Detail)
SELECT N'MembershipAttempts', CONCAT(N'Id ', a.Id), N'outcome-too-long',
       CONCAT(N'''', a.Outcome, N''' (', LEN(a.Outcome + N'.') - 1, N' characters) keeps ''', LEFT(a.Outcome, 50), N'''')
FROM #MembershipAttempts AS a
WHERE LEN(a.Outcome + N'.') - 1 > 50;

UPDATE #MembershipAttempts SET Outcome = LEFT(Outcome, 50), Changed = 1 WHERE LEN(Outcome + N'.') - 1 > 50;
GO

-- A changed row was updated now, as the UpdatedAt triggers would have recorded.
UPDATE t SET UpdatedAt = c.AdoptedAt FROM #PhoneNumbers AS t CROSS JOIN #AdoptionClock AS c WHERE t.Changed = 1;
UPDATE t SET UpdatedAt = c.AdoptedAt FROM #PhoneNumberDevices AS t CROSS JOIN #AdoptionClock AS c WHERE t.Changed = 1;
UPDATE t SET UpdatedAt = c.AdoptedAt FROM #VerificationFlows AS t CROSS JOIN #AdoptionClock AS c WHERE t.Changed = 1;
UPDATE t SET UpdatedAt = c.AdoptedAt FROM #OtpRecords AS t CROSS JOIN #AdoptionClock AS c WHERE t.Changed = 1;
UPDATE t SET UpdatedAt = c.AdoptedAt FROM #FailedOtpAttempts AS t CROSS JOIN #AdoptionClock AS c WHERE t.Changed = 1;
UPDATE t SET UpdatedAt = c.AdoptedAt FROM #Memberships AS t CROSS JOIN #AdoptionClock AS c WHERE t.Changed = 1;
UPDATE t SET UpdatedAt = c.AdoptedAt FROM #MembershipAttempts AS t CROSS JOIN #AdoptionClock AS c WHERE t.Changed = 1;
UPDATE t SET UpdatedAt = c.AdoptedAt FROM #LoginAttempts AS t CROSS JOIN #AdoptionClock AS c WHERE t.Changed = 1;
GO
