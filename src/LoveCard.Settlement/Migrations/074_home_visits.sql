-- Home visits (DOMAIN.md §8 "Home visits", TERMINAL-PROTOCOL.md version 1.1, ADR 0026).

-- Certified care workers by provider (whitelist's CareWorkerRegistered): a visit's care worker must be one of
-- its provider's, with a certificate valid on the day.
CREATE TABLE rm_care_workers (
    care_worker_id uuid PRIMARY KEY,
    provider_id    uuid NOT NULL,
    county         text NOT NULL,
    valid_until    date NOT NULL
);

-- The point of the elder's home (eligibility's ElderHomeLocated); NULL when cleared.
CREATE TABLE rm_elder_homes (
    elder_id    uuid PRIMARY KEY,
    home_county text NOT NULL,
    lat         double precision,
    lon         double precision
);

-- Which items a county gives at home, and the shortest proving visit (whitelist's price standards).
-- NULL in versions from before visits: the item's default.
ALTER TABLE rm_price_standards
    ADD COLUMN home_service          boolean,
    ADD COLUMN minimum_visit_minutes integer;

-- A visit: checked in (open) or refused, then checked out (completed) with its verdict. The home point, the
-- radius and the minimum are kept as they were judged, so a verdict can always be explained.
CREATE TABLE visits (
    visit_id             uuid PRIMARY KEY,
    terminal_id          text        NOT NULL,
    provider_id          uuid        NOT NULL,
    provider_county      text        NOT NULL,
    idempotency_key      text        NOT NULL,
    status               text        NOT NULL CHECK (status IN ('open', 'refused', 'completed')),
    decline_code         text,
    card_id              uuid,
    elder_id             uuid,
    masked_name          text,
    category             integer,
    home_county          text,
    item                 text        NOT NULL,
    care_worker_id       text        NOT NULL,
    home_lat             double precision,
    home_lon             double precision,
    check_in_lat         double precision NOT NULL,
    check_in_lon         double precision NOT NULL,
    checked_in_at        timestamptz NOT NULL,
    check_in_distance_m  integer,
    check_in_booked_at   timestamptz NOT NULL,
    check_out_lat        double precision,
    check_out_lon        double precision,
    checked_out_at       timestamptz,
    check_out_distance_m integer,
    check_out_booked_at  timestamptz,
    duration_minutes     integer,
    radius_m             integer,
    minimum_minutes      integer,
    valid                boolean,
    problems             text[]      NOT NULL DEFAULT '{}'
);
CREATE INDEX visits_provider_checked_in ON visits (provider_id, checked_in_at);
CREATE INDEX visits_elder_checked_in ON visits (elder_id, checked_in_at);

-- A home-service purchase names its visit; what failed is kept with it for no_visit_proof (empty: proven;
-- NULL: not a home service, or booked before visits existed).
ALTER TABLE purchases
    ADD COLUMN visit_id       uuid,
    ADD COLUMN visit_problems text[];
CREATE INDEX purchases_visit ON purchases (visit_id) WHERE visit_id IS NOT NULL;
