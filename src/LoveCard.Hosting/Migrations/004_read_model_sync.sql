-- Read models that heal and can be rebuilt (ADR 0015).
--   * aggregate_versions.applied_at: when a read model last applied (or was told there is nothing
--     to apply for) an aggregate, so a rebuild can tell what it re-applied from what it had before.
--   * read_model_rebuilds: one row per rebuild run (lovecard-ops rebuild <service>), its progress
--     and outcome, so the operator's tool can follow a rebuild that outlasts one request.
ALTER TABLE aggregate_versions ADD COLUMN applied_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE read_model_rebuilds (
    run_id       uuid        PRIMARY KEY,
    kinds        text[]      NOT NULL,
    requested_by text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    -- Written with every step; a 'running' row whose heartbeat stopped was cut short by a restart.
    heartbeat_at timestamptz NOT NULL,
    aggregates   bigint      NOT NULL DEFAULT 0,
    republished  bigint      NOT NULL DEFAULT 0,
    pending      bigint      NOT NULL DEFAULT 0,
    detail       text
);
