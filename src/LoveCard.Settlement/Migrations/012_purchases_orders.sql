-- Orders placed online or by phone, fulfilled later at the provider's terminal (DOMAIN.md §5).
CREATE TABLE orders (
    order_id     uuid PRIMARY KEY,
    elder_id     uuid        NOT NULL,
    home_county  text        NOT NULL,
    provider_id  uuid        NOT NULL,
    item         text        NOT NULL,
    quantity     integer     NOT NULL,
    note         text,
    channel      text        NOT NULL,
    status       text        NOT NULL,
    placed_by    text        NOT NULL,
    placed_at    timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    closed_at    timestamptz,
    purchase_id  uuid
);
CREATE INDEX orders_provider_pending ON orders (provider_id, placed_at) WHERE status = 'pending';
CREATE INDEX orders_expiry ON orders (expires_at) WHERE status = 'pending';
CREATE INDEX orders_elder ON orders (elder_id, placed_at);

-- Terminal purchases, approved and declined alike (TERMINAL-PROTOCOL.md).
CREATE TABLE purchases (
    purchase_id             uuid PRIMARY KEY,
    receipt_no              text        NOT NULL,
    terminal_id             text        NOT NULL,
    provider_id             uuid        NOT NULL,
    provider_county         text        NOT NULL,
    idempotency_key         text,
    status                  text        NOT NULL,
    decline_code            text,
    credential_type         text        NOT NULL,
    card_id                 uuid,
    elder_id                uuid,
    masked_name             text,
    category                integer,
    home_county             text,
    village_code            text,
    item                    text        NOT NULL,
    quantity                integer     NOT NULL,
    list_price_fen          bigint,
    price_fen               bigint,
    fiscal_fen              bigint,
    collective_fen          bigint,
    charity_fen             bigint,
    family_fen              bigint,
    remaining_fiscal_fen    bigint,
    remaining_collective_fen bigint,
    remaining_charity_fen   bigint,
    fiscal_back_fen         bigint      NOT NULL DEFAULT 0,
    collective_back_fen     bigint      NOT NULL DEFAULT 0,
    charity_back_fen        bigint      NOT NULL DEFAULT 0,
    family_back_fen         bigint      NOT NULL DEFAULT 0,
    policy_version          integer,
    cap_month               date,
    order_id                uuid,
    care_worker_id          text,
    location_lat            double precision,
    location_lon            double precision,
    occurred_at             timestamptz NOT NULL,
    booked_at               timestamptz NOT NULL,
    booked_day              date        NOT NULL
);
CREATE UNIQUE INDEX purchases_idempotency ON purchases (terminal_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX purchases_terminal_day ON purchases (terminal_id, booked_day);
CREATE INDEX purchases_provider_booked ON purchases (provider_id, booked_at);
CREATE INDEX purchases_elder_booked ON purchases (elder_id, booked_at);
CREATE INDEX purchases_home_booked ON purchases (home_county, booked_at);

-- Voids and refunds: each returns money to the sources with reversing postings.
CREATE TABLE reversals (
    reversal_id     uuid PRIMARY KEY,
    purchase_id     uuid        NOT NULL REFERENCES purchases (purchase_id),
    kind            text        NOT NULL CHECK (kind IN ('void', 'refund')),
    amount_fen      bigint      NOT NULL,
    fiscal_fen      bigint      NOT NULL,
    collective_fen  bigint      NOT NULL,
    charity_fen     bigint      NOT NULL,
    family_fen      bigint      NOT NULL,
    reason          text,
    terminal_id     text        NOT NULL,
    booked_at       timestamptz NOT NULL,
    booked_day      date        NOT NULL
);
CREATE INDEX reversals_purchase ON reversals (purchase_id);
CREATE INDEX reversals_terminal_day ON reversals (terminal_id, booked_day);

-- QR codes used up, keyed on (kid, card, nonce) and not on the code's text (TERMINAL-PROTOCOL.md).
CREATE TABLE qr_uses (
    kid         text        NOT NULL,
    card_id     uuid        NOT NULL,
    nonce       text        NOT NULL,
    purchase_id uuid        NOT NULL,
    used_at     timestamptz NOT NULL,
    PRIMARY KEY (kid, card_id, nonce)
);
