-- The whitelist (白名单, DOMAIN.md §4): county price standards, providers and their status history,
-- items and prices, credit events, terminals, certified care workers, and the read models fed by
-- eligibility (county settings, elders) that the credit rule and the care-worker ratio need.

-- County price standards: one row per version, its items in the next table. A version applies from
-- its effective day (Asia/Shanghai) until a later version's effective day.
CREATE TABLE price_standards (
    county         text        NOT NULL,
    version        integer     NOT NULL,
    effective_from date        NOT NULL,
    reason         text        NOT NULL,
    set_by         text        NOT NULL,
    set_at         timestamptz NOT NULL,
    PRIMARY KEY (county, version)
);

CREATE TABLE price_standard_items (
    county      text    NOT NULL,
    version     integer NOT NULL,
    item_code   text    NOT NULL,
    name        text    NOT NULL,
    unit        text    NOT NULL,
    ceiling_fen bigint  NOT NULL CHECK (ceiling_fen > 0),
    PRIMARY KEY (county, version, item_code),
    FOREIGN KEY (county, version) REFERENCES price_standards (county, version)
);

CREATE TABLE providers (
    id                   uuid        PRIMARY KEY,
    unified_code         text        NOT NULL UNIQUE,
    name                 text        NOT NULL,
    provider_type        text        NOT NULL,
    county               text        NOT NULL,
    address              text        NOT NULL,
    contact_name         text        NOT NULL,
    contact_phone        text        NOT NULL,
    admission_route      text        NOT NULL,
    contract_start       date        NOT NULL,
    contract_end         date        NOT NULL,
    status               text        NOT NULL,
    credit_score         integer     NOT NULL DEFAULT 100,
    -- An early pilot code that fails the GB 32100 check, admitted by a bureau (DOMAIN.md §4).
    legacy_code_override boolean     NOT NULL DEFAULT false,
    legacy_code_reason   text,
    -- The provider aggregate's version: +1 with every published change (status, items).
    version              bigint      NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CHECK (contract_end >= contract_start)
);

CREATE INDEX providers_county_status ON providers (county, status);

-- Append-only audit of every status step (DOMAIN.md §6): who, when, why.
CREATE TABLE provider_status_history (
    id           bigserial   PRIMARY KEY,
    provider_id  uuid        NOT NULL REFERENCES providers (id),
    from_status  text,
    to_status    text        NOT NULL,
    reason       text        NOT NULL,
    actor_kind   text        NOT NULL,
    actor_id     text        NOT NULL,
    version      bigint      NOT NULL,
    occurred_at  timestamptz NOT NULL
);

CREATE INDEX provider_status_history_provider ON provider_status_history (provider_id, id);

-- The items a provider may sell: the whole list is replaced by each PUT.
CREATE TABLE provider_items (
    provider_id      uuid    NOT NULL REFERENCES providers (id),
    item_code        text    NOT NULL,
    name             text    NOT NULL,
    unit             text    NOT NULL,
    unit_price_fen   bigint  NOT NULL CHECK (unit_price_fen > 0),
    discount_percent integer NOT NULL CHECK (discount_percent BETWEEN 0 AND 100),
    effective_from   date    NOT NULL,
    PRIMARY KEY (provider_id, item_code)
);

CREATE INDEX provider_items_item ON provider_items (item_code);

CREATE TABLE credit_events (
    id          uuid        PRIMARY KEY,
    provider_id uuid        NOT NULL REFERENCES providers (id),
    event_type  text        NOT NULL,
    -- Signed change of the score: negative for deductions, positive for a commendation.
    points      integer     NOT NULL,
    score_after integer     NOT NULL,
    note        text        NOT NULL,
    -- Settlement's anomaly: booked once per anomaly, whatever the bus delivers.
    anomaly_id  uuid        UNIQUE,
    actor_kind  text        NOT NULL,
    actor_id    text        NOT NULL,
    occurred_at timestamptz NOT NULL
);

CREATE INDEX credit_events_provider ON credit_events (provider_id, occurred_at);

-- From eligibility's CountySettingsChanged: only what this service needs.
CREATE TABLE county_settings (
    county        text    PRIMARY KEY,
    suspend_below integer NOT NULL
);

CREATE TABLE terminals (
    terminal_id                text        PRIMARY KEY,
    provider_id                uuid        NOT NULL REFERENCES providers (id),
    county                     text        NOT NULL,
    model                      text        NOT NULL,
    latitude                   double precision,
    longitude                  double precision,
    opens_at                   time,
    closes_at                  time,
    status                     text        NOT NULL,
    -- Only the SHA-256 of the one-time activation code (TERMINAL-PROTOCOL.md, "Activation").
    activation_code_hash       text        NOT NULL,
    activation_code_expires_at timestamptz NOT NULL,
    version                    bigint      NOT NULL,
    registered_at              timestamptz NOT NULL,
    disabled_at                timestamptz
);

CREATE INDEX terminals_provider ON terminals (provider_id);

CREATE TABLE care_workers (
    id                 uuid        PRIMARY KEY,
    provider_id        uuid        NOT NULL REFERENCES providers (id),
    county             text        NOT NULL,
    -- The name is personal data (PIPL): sealed, and masked in answers.
    name_encrypted     text        NOT NULL,
    name_masked        text        NOT NULL,
    certificate_number text        NOT NULL UNIQUE,
    certificate_level  text        NOT NULL,
    valid_until        date        NOT NULL,
    registered_at      timestamptz NOT NULL
);

CREATE INDEX care_workers_provider ON care_workers (provider_id);

-- From eligibility's ElderClassified: the latest classification per elder, for the ratio report.
CREATE TABLE elders (
    elder_id    uuid    PRIMARY KEY,
    home_county text    NOT NULL,
    eligible    boolean NOT NULL
);

CREATE INDEX elders_county_eligible ON elders (home_county) WHERE eligible;
