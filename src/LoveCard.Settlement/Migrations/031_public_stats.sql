-- Projections for the public county statistics (数据晾晒, DOMAIN.md §6), fed by events. Each row
-- is keyed by its aggregate (or purchase/reversal) so a redelivered event never double-counts.

-- Latest classification per elder (guarded by aggregate_versions stream 'public-stats-elder').
CREATE TABLE public_elders (
    elder_id    uuid    PRIMARY KEY,
    home_county text    NOT NULL,
    eligible    boolean NOT NULL,
    category    integer
);
CREATE INDEX public_elders_county ON public_elders (home_county) WHERE eligible;

-- Latest status per provider (stream 'public-stats-provider').
CREATE TABLE public_providers (
    provider_id uuid PRIMARY KEY,
    county      text NOT NULL,
    status      text NOT NULL
);
CREATE INDEX public_providers_county ON public_providers (county);

-- Certified care workers (stream 'public-stats-care-worker').
CREATE TABLE public_care_workers (
    care_worker_id          uuid PRIMARY KEY,
    county                  text NOT NULL,
    certificate_valid_until date NOT NULL
);
CREATE INDEX public_care_workers_county ON public_care_workers (county);

-- One row per settled purchase, in the Asia/Shanghai month of its booking.
CREATE TABLE public_purchases (
    purchase_id     uuid   PRIMARY KEY,
    period          text   NOT NULL,
    provider_county text   NOT NULL,
    home_county     text   NOT NULL,
    item            text   NOT NULL,
    quantity        integer NOT NULL,
    price_fen       bigint NOT NULL,
    fiscal_fen      bigint NOT NULL,
    collective_fen  bigint NOT NULL,
    charity_fen     bigint NOT NULL,
    family_fen      bigint NOT NULL
);
CREATE INDEX public_purchases_provider_county ON public_purchases (provider_county, period);
CREATE INDEX public_purchases_home_county ON public_purchases (home_county, period);

-- One row per void or refund, in the month of its own booking (corrections fall in the period
-- they happen, DOMAIN.md §3); its item and counties come from the purchase it reverses.
CREATE TABLE public_reversals (
    reversal_id    uuid   PRIMARY KEY,
    purchase_id    uuid   NOT NULL,
    period         text   NOT NULL,
    amount_fen     bigint NOT NULL,
    fiscal_fen     bigint NOT NULL,
    collective_fen bigint NOT NULL,
    charity_fen    bigint NOT NULL,
    family_fen     bigint NOT NULL
);
CREATE INDEX public_reversals_purchase ON public_reversals (purchase_id);
CREATE INDEX public_reversals_period ON public_reversals (period);
