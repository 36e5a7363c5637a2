-- Cards, every card number ever issued, status history and consent records (DOMAIN.md §1).

CREATE TABLE cards (
    card_id         uuid        PRIMARY KEY,
    -- One elder, one card: the constraint that makes duplicate or racing ElderClassified events safe.
    elder_id        uuid        NOT NULL UNIQUE,
    card_number     text        NOT NULL UNIQUE,
    status          text        NOT NULL CHECK (status IN ('pending_consent', 'active', 'suspended', 'revoked')),
    status_reason   text,
    -- The status a suspension returns to (pending_consent or active).
    suspended_from  text,
    eligible        boolean     NOT NULL,
    category        integer,
    home_county     text        NOT NULL,
    village_code    text        NOT NULL,
    masked_name     text        NOT NULL,
    modules         text[]      NOT NULL,
    -- Keyed HMAC of the provincial face id; one face, one card (DOMAIN.md §6: never stored plain).
    face_id_hash    text        UNIQUE,
    version         bigint      NOT NULL,
    provisioned_at  timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- Bureau listings: county first, then the filters.
CREATE INDEX cards_by_county ON cards (home_county, status, category, village_code);

-- Every number a card has carried, so a replaced number is told apart from an unknown one
-- (it declines card_replaced, TERMINAL-PROTOCOL.md) and no number is ever issued twice.
CREATE TABLE card_numbers (
    card_number  text        PRIMARY KEY,
    card_id      uuid        NOT NULL,
    source       text        NOT NULL CHECK (source IN ('social_security', 'generated')),
    issued_at    timestamptz NOT NULL,
    replaced_at  timestamptz
);

CREATE INDEX card_numbers_by_card ON card_numbers (card_id);

-- One row per change of a card: the history a bureau reads.
CREATE TABLE card_history (
    card_id      uuid        NOT NULL REFERENCES cards (card_id),
    version      bigint      NOT NULL,
    change       text        NOT NULL,
    status       text        NOT NULL,
    status_reason text,
    card_number  text        NOT NULL,
    detail       text,
    actor_kind   text        NOT NULL,
    actor_id     text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    PRIMARY KEY (card_id, version)
);

-- Every consent given or withdrawn is kept (DOMAIN.md §1). Agent personal data is encrypted with
-- a keyed hash of the ID number for look-up, and masked copies for display.
CREATE TABLE consents (
    consent_id               uuid        PRIMARY KEY,
    card_id                  uuid        NOT NULL REFERENCES cards (card_id),
    action                   text        NOT NULL CHECK (action IN ('given', 'withdrawn')),
    given_by                 text        NOT NULL CHECK (given_by IN ('elder', 'agent')),
    agent_name_encrypted     text,
    agent_name_masked        text,
    agent_id_number_encrypted text,
    agent_id_number_hash     text,
    agent_id_number_masked   text,
    agent_relation           text,
    agent_phone_encrypted    text,
    agent_phone_masked       text,
    channel                  text        NOT NULL CHECK (channel IN ('online', 'offline_assisted')),
    place                    text,
    consented_at             timestamptz NOT NULL,
    operator                 text        NOT NULL,
    recorded_at              timestamptz NOT NULL,
    card_version             bigint      NOT NULL
);

CREATE INDEX consents_by_card ON consents (card_id, recorded_at);
CREATE INDEX consents_by_agent ON consents (agent_id_number_hash) WHERE agent_id_number_hash IS NOT NULL;

-- Which QR signing-key states were published (QrSigningKeyPublished), so start-up publishes each once.
-- Only public facts live here; private keys come from configuration or the key file.
CREATE TABLE qr_key_publications (
    key_id       text        NOT NULL,
    version      bigint      NOT NULL,
    published_at timestamptz NOT NULL,
    PRIMARY KEY (key_id, version)
);
