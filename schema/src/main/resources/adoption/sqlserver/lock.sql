-- Adoption, before step 1 when it converts (not in a dry run): every legacy table locked exclusively
-- until the conversion commits, so that no write of a still-running legacy application slips between
-- the copy and the drop. (Stop the application first all the same: a T-SQL engine that ignores lock
-- hints, as Babelfish does, takes no such lock.)

SET NOCOUNT ON;
SELECT COUNT(*) FROM dbo.AppDevices WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.PhoneNumbers WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.PhoneNumberDevices WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.VerificationFlows WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.OtpRecords WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.FailedOtpAttempts WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.Memberships WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.MembershipAttempts WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.LoginAttempts WITH (TABLOCKX, HOLDLOCK);
SELECT COUNT(*) FROM dbo.EventLog WITH (TABLOCKX, HOLDLOCK);
