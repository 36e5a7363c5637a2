-- Recovery (追回, DOMAIN.md §8): a bureau user proposes taking back the subsidy a provider still holds
-- on named purchases (or an anomaly's), another approves; approval books, per purchase, postings
-- payable -> funds (kind 'recovery', one transaction per line so clearing pairs each with its one payable),
-- the purchase's "back" columns and the cap of its booking month, like a refund of the subsidy only.
CREATE TABLE recoveries (
    recovery_id     uuid PRIMARY KEY,
    county          text        NOT NULL,
    provider_id     uuid        NOT NULL,
    anomaly_id      uuid,
    reason          text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('proposed', 'approved')),
    proposed_fen    bigint      NOT NULL,
    amount_fen      bigint,
    proposed_by     text        NOT NULL,
    proposed_at     timestamptz NOT NULL,
    approved_by     text,
    approved_at     timestamptz
);
CREATE INDEX recoveries_county ON recoveries (county, proposed_at DESC);

-- One line per purchase; amounts and booked_at are set on approval (what the provider held then).
-- A statement selects a line by its own booking time, like a reversal (StatementSql).
CREATE TABLE recovery_lines (
    recovery_id     uuid        NOT NULL REFERENCES recoveries (recovery_id),
    purchase_id     uuid        NOT NULL REFERENCES purchases (purchase_id),
    line_id         uuid        NOT NULL UNIQUE,
    provider_id     uuid        NOT NULL,
    provider_county text        NOT NULL,
    elder_id        uuid,
    home_county     text        NOT NULL,
    item            text        NOT NULL,
    amount_fen      bigint      NOT NULL DEFAULT 0,
    fiscal_fen      bigint      NOT NULL DEFAULT 0,
    collective_fen  bigint      NOT NULL DEFAULT 0,
    charity_fen     bigint      NOT NULL DEFAULT 0,
    booked_at       timestamptz,
    PRIMARY KEY (recovery_id, purchase_id)
);
CREATE INDEX recovery_lines_purchase ON recovery_lines (purchase_id);
CREATE INDEX recovery_lines_provider ON recovery_lines (provider_id, booked_at) WHERE booked_at IS NOT NULL;
CREATE INDEX recovery_lines_county ON recovery_lines (provider_county, booked_at) WHERE booked_at IS NOT NULL;
CREATE INDEX recovery_lines_elder ON recovery_lines (elder_id, booked_at) WHERE booked_at IS NOT NULL;
