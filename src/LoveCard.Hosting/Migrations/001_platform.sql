-- Platform tables every service schema has: the transactional outbox, the inbox, the versions
-- of aggregates a consumer has applied, and the job runner's journal. Unqualified names: the
-- connection's search_path is the service's schema.

CREATE TABLE outbox (
    id             bigserial PRIMARY KEY,
    message_id     uuid        NOT NULL UNIQUE,
    message_type   text        NOT NULL,
    aggregate_id   text        NOT NULL,
    body           jsonb       NOT NULL,
    correlation_id uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    last_error     text
);

-- The relay reads only pending rows, oldest first.
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;

-- Wake the relay when a transaction that wrote to the outbox commits (NOTIFY is transactional and
-- delivered once per transaction per payload, so a batch of inserts costs one notification).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

CREATE TABLE inbox (
    message_id  uuid        NOT NULL,
    consumer    text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);

-- The newest version of each aggregate a read model has applied, so an older event that
-- arrives late (a CardResumed overtaken by a later CardSuspended) cannot undo a newer state.
CREATE TABLE aggregate_versions (
    stream       text   NOT NULL,
    aggregate_id text   NOT NULL,
    version      bigint NOT NULL,
    PRIMARY KEY (stream, aggregate_id)
);

CREATE TABLE job_runs (
    job_name     text PRIMARY KEY,
    last_started timestamptz,
    last_finished timestamptz,
    last_status  text,
    last_error   text
);
