-- The whitelist service's own tables start in the next migration; the platform tables
-- (outbox, inbox, aggregate_versions, job_runs) come from the hosting library.
SELECT 1;
