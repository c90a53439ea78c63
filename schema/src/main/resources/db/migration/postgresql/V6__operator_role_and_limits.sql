-- EcliptixMemberships, PostgreSQL 15: version 6.
-- Locking.LockTimeoutMilliseconds: how long a routine waits for a subject's lock (lock_subject)
-- before it ends with lock_not_available (55P03) and writes nothing.

INSERT INTO dbo."SystemConfiguration" ("ConfigKey", "ConfigValue", "DataType", "Description", "Category")
VALUES
    ('Locking.LockTimeoutMilliseconds', '5000', 'int',
     'Milliseconds a routine waits for the lock of its subject (a phone, a flow, a membership) before it fails with a retryable lock timeout and writes nothing.', 'Locking')
ON CONFLICT ("ConfigKey") DO NOTHING;

-- The API checks this on connect (EXECUTE on GetConfigValue is all it needs to read it).
UPDATE dbo."SystemConfiguration" AS c
SET "ConfigValue" = '6',
    "UpdatedAt" = ecliptix_internal.utc_now()
WHERE c."ConfigKey" = 'Schema.Version';
