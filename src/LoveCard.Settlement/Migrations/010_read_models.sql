-- Settlement's local read models of the other services' state (ARCHITECTURE.md "Flow" 4): a
-- terminal purchase reads only these tables, never another service. Fed by InboxConsumers.

-- Cards (cards service): status and credentials. AggregateId = card id.
CREATE TABLE rm_cards (
    card_id       uuid PRIMARY KEY,
    elder_id      uuid        NOT NULL,
    home_county   text        NOT NULL,
    card_number   text        NOT NULL,
    status        text        NOT NULL,
    status_reason text,
    face_hash     text,
    modules       text[]      NOT NULL DEFAULT '{}',
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX rm_cards_number ON rm_cards (card_number);
CREATE UNIQUE INDEX rm_cards_face ON rm_cards (face_hash) WHERE face_hash IS NOT NULL;

-- Numbers a card had before it was replaced: they decline card_replaced (TERMINAL-PROTOCOL.md).
CREATE TABLE rm_card_replaced_numbers (
    card_number text PRIMARY KEY,
    card_id     uuid NOT NULL
);

-- QR signing keys' public halves (cards service), by key id.
CREATE TABLE rm_qr_keys (
    kid             text PRIMARY KEY,
    public_key_spki text        NOT NULL,
    not_before      timestamptz NOT NULL,
    not_after       timestamptz
);

-- Elders' classification (eligibility service). AggregateId = elder id.
CREATE TABLE rm_elders (
    elder_id     uuid PRIMARY KEY,
    home_county  text    NOT NULL,
    village_code text    NOT NULL,
    masked_name  text    NOT NULL,
    category     integer,
    eligible     boolean NOT NULL,
    evaluated_on date    NOT NULL
);

-- Every subsidy policy version by county, so a purchase is priced with the version in force at its
-- booking day (DOMAIN.md §3). Categories as the event's JSON.
CREATE TABLE rm_subsidy_policies (
    county         text    NOT NULL,
    policy_version integer NOT NULL,
    effective_from date    NOT NULL,
    categories     jsonb   NOT NULL,
    PRIMARY KEY (county, policy_version)
);
CREATE INDEX rm_subsidy_policies_effective ON rm_subsidy_policies (county, effective_from DESC, policy_version DESC);

-- County settings (eligibility service), whole on every change.
CREATE TABLE rm_county_settings (
    county              text PRIMARY KEY,
    one_card_network    boolean NOT NULL,
    low_fund_alert_days integer NOT NULL,
    settings            jsonb   NOT NULL
);

-- Providers (whitelist service). AggregateId = provider id.
CREATE TABLE rm_providers (
    provider_id  uuid PRIMARY KEY,
    county       text    NOT NULL,
    name         text    NOT NULL,
    status       text    NOT NULL,
    credit_score integer NOT NULL
);

-- The items a provider may sell, replaced whole by each ProviderItemsChanged.
CREATE TABLE rm_provider_items (
    provider_id      uuid    NOT NULL,
    item_code        text    NOT NULL,
    name             text    NOT NULL,
    unit             text    NOT NULL,
    unit_price_fen   bigint  NOT NULL,
    discount_percent integer NOT NULL,
    effective_from   date    NOT NULL,
    PRIMARY KEY (provider_id, item_code)
);

-- County price ceilings (whitelist service), every version by effective day.
CREATE TABLE rm_price_standards (
    county           text    NOT NULL,
    standard_version integer NOT NULL,
    effective_from   date    NOT NULL,
    item_code        text    NOT NULL,
    name             text    NOT NULL,
    unit             text    NOT NULL,
    ceiling_fen      bigint  NOT NULL,
    PRIMARY KEY (county, standard_version, item_code)
);
