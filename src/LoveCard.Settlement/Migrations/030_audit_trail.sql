-- The append-only, hash-chained audit trail (DOMAIN.md §6 "append-only audit trail: who, what,
-- when, why"; docs/audit-trail.md). Fed by every integration event; one row per event.

CREATE TABLE audit_entries (
    seq               bigint      PRIMARY KEY,
    message_id        uuid        NOT NULL UNIQUE,
    event_type        text        NOT NULL,
    aggregate_id      text        NOT NULL,
    aggregate_version bigint      NOT NULL,
    actor_kind        text        NOT NULL,
    actor_id          text        NOT NULL,
    reason            text        NOT NULL,
    -- The county the entry belongs to (the home county for elders, cards and purchases) and the
    -- other county involved, if any (the provider's county of a cross-county purchase).
    county            text,
    related_county    text,
    occurred_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL,
    -- JSON text, kept as text (not jsonb) so the bytes that were hashed are the bytes stored.
    summary           text        NOT NULL,
    prev_hash         text        NOT NULL,
    hash              text        NOT NULL
);

CREATE INDEX audit_entries_county ON audit_entries (county, seq);
CREATE INDEX audit_entries_related_county ON audit_entries (related_county, seq) WHERE related_county IS NOT NULL;
CREATE INDEX audit_entries_aggregate ON audit_entries (aggregate_id, seq);
CREATE INDEX audit_entries_type ON audit_entries (event_type, seq);
CREATE INDEX audit_entries_occurred ON audit_entries (occurred_at);

-- The chain's head: one row, locked FOR UPDATE by every append so that concurrent consumers
-- append one after another and the chain stays linear.
CREATE TABLE audit_chain_head (
    id   boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq  bigint  NOT NULL,
    hash text    NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));

-- Daily anchors: the head as it stood, published in the public data so that cutting entries off
-- the end of the chain is detectable against a copy the database owner cannot reach.
CREATE TABLE audit_anchors (
    id          bigserial   PRIMARY KEY,
    anchored_on date        NOT NULL,
    seq         bigint      NOT NULL,
    hash        text        NOT NULL,
    anchored_at timestamptz NOT NULL,
    UNIQUE (anchored_on, seq)
);

-- The owner of a table cannot REVOKE its own UPDATE/DELETE, so a trigger refuses them. A
-- superuser can still disable it: the hash chain, not this trigger, is what proves integrity.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE ON audit_anchors
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
