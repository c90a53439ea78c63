-- Adoption, step 2 of 3, in the transaction of step 1: drops the legacy objects of dbo (their rows are
-- in the staging tables), children before parents; a table's triggers go with it. The baseline
-- migration (V1__baseline.sql, run next by LegacyAdoption) then creates dbo as a new database has it.
-- The routines are those of the legacy scripts; the migrations create the contract's after the baseline.

SET NOCOUNT ON;
SET XACT_ABORT ON;

DROP FUNCTION IF EXISTS dbo.GetPhoneNumber;
DROP FUNCTION IF EXISTS dbo.GetFullFlowState;
DROP PROCEDURE IF EXISTS dbo.RegisterAppDeviceIfNotExists;
DROP PROCEDURE IF EXISTS dbo.EnsurePhoneNumber;
DROP PROCEDURE IF EXISTS dbo.VerifyPhoneForSecretKeyRecovery;
DROP PROCEDURE IF EXISTS dbo.InitiateVerificationFlow;
DROP PROCEDURE IF EXISTS dbo.RequestResendOtp;
DROP PROCEDURE IF EXISTS dbo.InsertOtpRecord;
DROP PROCEDURE IF EXISTS dbo.UpdateOtpStatus;
DROP PROCEDURE IF EXISTS dbo.UpdateVerificationFlowStatus;
DROP PROCEDURE IF EXISTS dbo.ExpireAssociatedOtp;
DROP PROCEDURE IF EXISTS dbo.LogLoginAttempt;
DROP PROCEDURE IF EXISTS dbo.LogMembershipAttempt;
DROP PROCEDURE IF EXISTS dbo.CreateMembership;
DROP PROCEDURE IF EXISTS dbo.UpdateMembershipSecureKey;
DROP PROCEDURE IF EXISTS dbo.LoginMembership;

DROP TABLE dbo.FailedOtpAttempts;
DROP TABLE dbo.OtpRecords;
DROP TABLE dbo.Memberships;
DROP TABLE dbo.MembershipAttempts;
DROP TABLE dbo.PhoneNumberDevices;
DROP TABLE dbo.VerificationFlows;
DROP TABLE dbo.PhoneNumbers;
DROP TABLE dbo.AppDevices;
DROP TABLE dbo.LoginAttempts;
DROP TABLE dbo.EventLog;
