-- EcliptixMemberships, PostgreSQL: version 5. The SQL Server migrations of version 5 repair a batch of
-- V2 that left its indexes and configuration keys inside a trigger's body; this engine's V2 created
-- them, so here only the version moves, to stay equal across engines.

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo."SystemConfiguration" AS c
SET "ConfigValue" = '5',
    "UpdatedAt" = ecliptix_internal.utc_now()
WHERE c."ConfigKey" = 'Schema.Version';
