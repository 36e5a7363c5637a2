-- Every application of a probe event, without a unique key, so a double application would show.
CREATE TABLE probe_applied (
    seq          bigserial   PRIMARY KEY,
    message_id   uuid        NOT NULL,
    aggregate_id text        NOT NULL,
    version      bigint      NOT NULL,
    applied_at   timestamptz NOT NULL DEFAULT now()
);

-- When a row 'heal' is here, the always-failing consumer succeeds (to test replays from the error queue).
CREATE TABLE probe_switch (name text PRIMARY KEY);
CREATE TABLE probe_healed (message_id uuid NOT NULL, terminal_id text NOT NULL);

CREATE TABLE probe_job_runs (ran_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE probe_notes (text text NOT NULL);
