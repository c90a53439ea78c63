-- EcliptixMemberships, SQL Server 2019+: Flyway runs this callback after every migrate. Re-creating a
-- routine in a repeatable migration drops the privileges granted on it, so they are granted here again,
-- in one place. Before version 3 there is no role to grant them to.

-- Table-valued functions need SELECT on each (EXECUTE does not cover them).
IF DATABASE_PRINCIPAL_ID(N'ecliptix_app') IS NOT NULL
BEGIN
    GRANT SELECT ON dbo.GetPhoneNumber TO ecliptix_app;
    GRANT SELECT ON dbo.GetFullFlowState TO ecliptix_app;
    GRANT SELECT ON dbo.GetLimit TO ecliptix_app;
END;
GO

-- From version 6 on (before it, EXECUTE on SCHEMA::dbo of V3 covers every procedure and scalar function
-- for ecliptix_app), the one rule of this engine for who may run which dbo routine: the operator's
-- routines to ecliptix_operator only; GetConfigValue and GetLimit (the schema check on connect, the
-- limits' values and defaults) to both roles; every other procedure and scalar function to ecliptix_app.
IF DATABASE_PRINCIPAL_ID(N'ecliptix_operator') IS NOT NULL
BEGIN
    GRANT SELECT ON dbo.GetLimit TO ecliptix_operator;
    DECLARE @grants NVARCHAR(MAX) = N'';
    SELECT @grants = @grants
        + CASE WHEN o.name NOT IN (N'SetConfigValue', N'CleanupExpiredData', N'EndAllAuthenticationContexts')
               THEN N'GRANT EXECUTE ON dbo.' + QUOTENAME(o.name) + N' TO ecliptix_app;' ELSE N'' END
        + CASE WHEN o.name IN (N'SetConfigValue', N'CleanupExpiredData', N'EndAllAuthenticationContexts', N'GetConfigValue')
               THEN N'GRANT EXECUTE ON dbo.' + QUOTENAME(o.name) + N' TO ecliptix_operator;' ELSE N'' END
    FROM sys.objects AS o
    WHERE o.schema_id = SCHEMA_ID(N'dbo')
      AND o.type IN ('P', 'FN');
    EXEC sys.sp_executesql @grants;
END;
GO
