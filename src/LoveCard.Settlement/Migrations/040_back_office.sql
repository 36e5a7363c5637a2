-- The back office (DOMAIN.md §5 statements, reconciliation and clearing; §6 supervision). These
-- tables only read the core's purchases, reversals and postings; the one thing written into the
-- core's ledger is an accepted dispute's correcting transaction (postings that sum to zero).

-- Spreadsheet cells that start with = + - @ (or a tab / CR) would run as formulas in Excel
-- (CSV injection); exports prefix them with a quote. Numbers never go through this.
CREATE FUNCTION bo_cell(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v ~ '^[=+@\t\r-]' THEN '''' || v ELSE v END
$$;

-- Reconciliations (对账): a provider's own list against LoveCard's, kept whole.
CREATE TABLE reconciliations (
    reconciliation_id      uuid PRIMARY KEY,
    provider_id            uuid        NOT NULL,
    county                 text        NOT NULL,
    period                 text        NOT NULL,
    key_column             text        NOT NULL,
    matched_count          integer     NOT NULL,
    missing_in_lovecard    integer     NOT NULL,
    missing_in_provider    integer     NOT NULL,
    amount_differences     integer     NOT NULL,
    provider_total_fen     bigint      NOT NULL,
    lovecard_total_fen     bigint      NOT NULL,
    created_by             text        NOT NULL,
    created_at             timestamptz NOT NULL
);
CREATE INDEX reconciliations_provider ON reconciliations (provider_id, period);

CREATE TABLE reconciliation_lines (
    reconciliation_id   uuid    NOT NULL REFERENCES reconciliations (reconciliation_id),
    line_no             integer NOT NULL,
    outcome             text    NOT NULL CHECK (outcome IN ('matched', 'missing_in_lovecard', 'missing_in_provider', 'amount_differs')),
    key                 text    NOT NULL,
    item                text,
    provider_row        integer,
    provider_time       text,
    provider_amount_fen bigint,
    lovecard_amount_fen bigint,
    difference_fen      bigint  NOT NULL,
    purchase_id         uuid,
    PRIMARY KEY (reconciliation_id, line_no)
);

-- A closed clearing period of one county (结算): what was computed is kept, so a second close
-- answers the same and a closed month never changes.
CREATE TABLE clearing_periods (
    county             text        NOT NULL,
    period             text        NOT NULL,
    period_start       timestamptz NOT NULL,
    period_end         timestamptz NOT NULL,
    total_subsidy_fen  bigint      NOT NULL,
    payout_count       integer     NOT NULL,
    closed_by          text        NOT NULL,
    closed_at          timestamptz NOT NULL,
    PRIMARY KEY (county, period)
);

-- What each fund of the county (per source; collective per village) owes each provider, anywhere.
CREATE TABLE clearing_obligations (
    county          text   NOT NULL,
    period          text   NOT NULL,
    source          text   NOT NULL,
    village_code    text   NOT NULL DEFAULT '',
    provider_id     uuid   NOT NULL,
    provider_county text   NOT NULL,
    amount_fen      bigint NOT NULL,
    PRIMARY KEY (county, period, source, village_code, provider_id),
    FOREIGN KEY (county, period) REFERENCES clearing_periods (county, period)
);

-- The net between this county and each other county: positive = this county owes the other.
CREATE TABLE clearing_nets (
    county              text   NOT NULL,
    period              text   NOT NULL,
    counterparty_county text   NOT NULL,
    owed_to_fen         bigint NOT NULL,
    owed_by_fen         bigint NOT NULL,
    net_fen             bigint NOT NULL,
    PRIMARY KEY (county, period, counterparty_county),
    FOREIGN KEY (county, period) REFERENCES clearing_periods (county, period)
);

-- Payout instructions to the county's own providers (a provider is paid through its county).
CREATE TABLE clearing_payouts (
    county          text        NOT NULL,
    period          text        NOT NULL,
    provider_id     uuid        NOT NULL,
    fiscal_fen      bigint      NOT NULL,
    collective_fen  bigint      NOT NULL,
    charity_fen     bigint      NOT NULL,
    amount_fen      bigint      NOT NULL,
    status          text        NOT NULL CHECK (status IN ('instructed', 'paid', 'failed')),
    status_note     text,
    status_by       text,
    status_at       timestamptz,
    PRIMARY KEY (county, period, provider_id),
    FOREIGN KEY (county, period) REFERENCES clearing_periods (county, period)
);

-- Disputes of a statement line; an accepted one books a correction in the current period.
CREATE TABLE statement_disputes (
    dispute_id       uuid PRIMARY KEY,
    provider_id      uuid        NOT NULL,
    county           text        NOT NULL,
    purchase_id      uuid        NOT NULL,
    claimed_fen      bigint      NOT NULL,
    reason           text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
    raised_by        text        NOT NULL,
    raised_at        timestamptz NOT NULL,
    resolved_by      text,
    resolved_at      timestamptz,
    resolution_note  text,
    correction_id    uuid
);
CREATE INDEX statement_disputes_county ON statement_disputes (county, status);

-- The correction an accepted dispute booked: its transaction_id in the core's postings.
CREATE TABLE statement_corrections (
    correction_id   uuid PRIMARY KEY,
    dispute_id      uuid        NOT NULL REFERENCES statement_disputes (dispute_id),
    provider_id     uuid        NOT NULL,
    provider_county text        NOT NULL,
    purchase_id     uuid        NOT NULL,
    elder_id        uuid,
    home_county     text        NOT NULL,
    source          text        NOT NULL,
    amount_fen      bigint      NOT NULL,
    booked_at       timestamptz NOT NULL
);
CREATE INDEX statement_corrections_provider ON statement_corrections (provider_id, booked_at);

-- Supervision (监督管理, DOMAIN.md §6): one row per anomaly, deduplicated by rule + subject + window.
CREATE TABLE anomalies (
    anomaly_id      uuid PRIMARY KEY,
    dedup_key       text        NOT NULL UNIQUE,
    rule            text        NOT NULL,
    county          text        NOT NULL,
    provider_id     uuid,
    card_id         uuid,
    purchase_id     uuid,
    credit_points   integer     NOT NULL,
    evidence        jsonb       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
    raised_at       timestamptz NOT NULL,
    resolved_by     text,
    resolved_at     timestamptz,
    resolution_note text
);
CREATE INDEX anomalies_county ON anomalies (county, status, raised_at);

-- The supervision job's high-water mark over purchases' booking time.
CREATE TABLE anomaly_scan_marks (
    scanner     text PRIMARY KEY,
    booked_upto timestamptz NOT NULL
);

-- Great-circle distance in km (haversine): for "the same card at two places too far apart too quickly".
CREATE FUNCTION bo_distance_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
    SELECT 2 * 6371.0 * asin(least(1.0, sqrt(power(sin(radians(lat2 - lat1) / 2), 2)
        + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
$$;

-- A supervision threshold: the county's setting (CountySettingsChanged.AnomalyThresholds, kept in
-- rm_county_settings.settings) or the default the code passes (Supervision/AnomalyRules.cs).
CREATE FUNCTION bo_threshold(p_county text, p_code text, p_default bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT (settings -> 'anomalyThresholds' ->> p_code)::bigint FROM rm_county_settings WHERE county = p_county), p_default)
$$;
