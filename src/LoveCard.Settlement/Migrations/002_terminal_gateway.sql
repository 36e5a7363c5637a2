-- The terminal gateway (TERMINAL-PROTOCOL.md "Activation", "Signed requests", "Idempotency").

-- Read model of whitelist's terminals, plus what activation adds. Never a key: only the key
-- version and the master key id it was derived under. Columns filled by TerminalRegistered are
-- nullable because a TerminalDisabled may arrive for a terminal whose registration we skipped.
CREATE TABLE terminals (
    terminal_id                text PRIMARY KEY,
    provider_id                uuid NOT NULL,
    county                     text,
    model                      text,
    latitude                   double precision,
    longitude                  double precision,
    opens_at                   time,
    closes_at                  time,
    status                     text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
    activation_code_hash       text,
    activation_code_expires_at timestamptz,
    activation_code_used_at    timestamptz,
    key_version                integer NOT NULL DEFAULT 0,
    master_key_id              text,
    activated_at               timestamptz,
    disabled_at                timestamptz,
    updated_at                 timestamptz NOT NULL
);

CREATE INDEX terminals_provider ON terminals (provider_id);

-- Nonces seen per terminal, kept at least until the request's timestamp + 360 s.
CREATE TABLE terminal_nonces (
    terminal_id text NOT NULL,
    nonce       text NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
);

CREATE INDEX terminal_nonces_expiry ON terminal_nonces (expires_at);

-- One row per (terminal, Idempotency-Key). The primary key makes a concurrent duplicate wait for
-- the first request's transaction; the answer is written in that same transaction.
CREATE TABLE terminal_idempotency (
    terminal_id     text NOT NULL,
    idempotency_key text NOT NULL,
    fingerprint     text NOT NULL,
    status_code     integer,
    content_type    text,
    body            bytea,
    resource_id     text,
    created_at      timestamptz NOT NULL,
    completed_at    timestamptz,
    PRIMARY KEY (terminal_id, idempotency_key)
);

CREATE INDEX terminal_idempotency_created ON terminal_idempotency (created_at);
