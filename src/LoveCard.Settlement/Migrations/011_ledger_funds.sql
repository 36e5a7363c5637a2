-- Funds and the double-entry ledger (DOMAIN.md §3).

-- Every account of the ledger. Fund accounts (kind 'fund') never go below zero and keep their
-- balance in fund_shards; external accounts (treasury, villages, donors) and provider payables are
-- the other side, unbounded, and their balance is the sum of their postings.
CREATE TABLE accounts (
    account_id   text PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('fund', 'external', 'payable')),
    county       text        NOT NULL,
    source       text,
    village_code text,
    provider_id  uuid,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_county ON accounts (county, kind);

-- A fund's balance split over a fixed number of shard rows (BENCHMARKS.md hot spots): a purchase
-- draws from one shard picked by its id, so purchases of one county do not queue on one row.
-- The fund's balance is the sum of its shards; the CHECK is the zero floor's last line of defence.
CREATE TABLE fund_shards (
    account_id  text     NOT NULL REFERENCES accounts (account_id),
    shard       smallint NOT NULL,
    balance_fen bigint   NOT NULL CHECK (balance_fen >= 0),
    PRIMARY KEY (account_id, shard)
);

-- Immutable postings; the postings of one transaction_id sum to zero.
CREATE TABLE postings (
    posting_id     bigserial PRIMARY KEY,
    transaction_id uuid        NOT NULL,
    account_id     text        NOT NULL,
    amount_fen     bigint      NOT NULL,
    kind           text        NOT NULL,
    purchase_id    uuid,
    booked_at      timestamptz NOT NULL
);
CREATE INDEX postings_account ON postings (account_id, posting_id);
CREATE INDEX postings_transaction ON postings (transaction_id);

CREATE FUNCTION postings_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'postings are immutable: correct with a new posting';
END;
$$;
CREATE TRIGGER postings_immutable BEFORE UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION postings_immutable();

-- Top-ups: proposed by one bureau or province user, approved by another (maker-checker).
CREATE TABLE fund_top_ups (
    top_up_id       uuid PRIMARY KEY,
    county          text        NOT NULL,
    source          text        NOT NULL,
    village_code    text,
    account_id      text        NOT NULL,
    amount_fen      bigint      NOT NULL CHECK (amount_fen > 0),
    note            text,
    status          text        NOT NULL,
    proposed_by     text        NOT NULL,
    proposed_at     timestamptz NOT NULL,
    approved_by     text,
    approved_at     timestamptz,
    idempotency_key text        NOT NULL,
    UNIQUE (county, proposed_by, idempotency_key)
);

-- One FundLow per fund account per Asia/Shanghai day, so the periodic job does not repeat itself.
CREATE TABLE fund_low_alerts (
    account_id text NOT NULL,
    alert_day  date NOT NULL,
    PRIMARY KEY (account_id, alert_day)
);

-- Per elder, per booking month (Asia/Shanghai), what each source has paid: the cap in use.
CREATE TABLE cap_usage (
    elder_id            uuid   NOT NULL,
    month               date   NOT NULL,
    fiscal_used_fen     bigint NOT NULL DEFAULT 0 CHECK (fiscal_used_fen >= 0),
    collective_used_fen bigint NOT NULL DEFAULT 0 CHECK (collective_used_fen >= 0),
    charity_used_fen    bigint NOT NULL DEFAULT 0 CHECK (charity_used_fen >= 0),
    PRIMARY KEY (elder_id, month)
);

-- Draws up to p_wanted from a fund and returns what it drew, which is less than p_wanted only when
-- the whole fund holds less.
-- Fast path (the common case), which never waits: one shard holding enough that no one else has
-- locked, the purchase's preferred shard first (SKIP LOCKED), so concurrent purchases spread over
-- the shards instead of queueing on one row. It runs in a subtransaction that is rolled back when
-- it finds nothing, so it leaves no row lock behind.
-- When every shard with enough is busy, it waits for the preferred shard, again in a subtransaction.
-- Slow path (a fund running low): lock every shard that holds something in shard order and take
-- what there is. Holding no shard of this fund beforehand and locking in one order, two slow paths
-- cannot deadlock; across funds the order is fiscal, collective, charity.
CREATE FUNCTION fund_draw(p_account text, p_shard integer, p_wanted bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_left bigint := p_wanted;
    v_take bigint;
    v_row  record;
BEGIN
    IF p_wanted <= 0 THEN
        RETURN 0;
    END IF;
    BEGIN
        UPDATE fund_shards SET balance_fen = balance_fen - p_wanted
         WHERE account_id = p_account AND balance_fen >= p_wanted
           AND shard = (SELECT s.shard FROM fund_shards s
                         WHERE s.account_id = p_account AND s.balance_fen >= p_wanted
                         ORDER BY (s.shard - p_shard + 1024) % 1024
                         LIMIT 1 FOR UPDATE SKIP LOCKED);
        IF FOUND THEN
            RETURN p_wanted;
        END IF;
        RAISE SQLSTATE 'LC001';
    EXCEPTION WHEN SQLSTATE 'LC001' THEN
        NULL; -- rolled back: any lock the attempt took is released
    END;
    -- Every shard with enough was busy: wait for the preferred one, holding no other shard of this fund.
    BEGIN
        UPDATE fund_shards SET balance_fen = balance_fen - p_wanted
         WHERE account_id = p_account AND shard = p_shard AND balance_fen >= p_wanted;
        IF FOUND THEN
            RETURN p_wanted;
        END IF;
        RAISE SQLSTATE 'LC001';
    EXCEPTION WHEN SQLSTATE 'LC001' THEN
        NULL;
    END;
    FOR v_row IN SELECT shard, balance_fen FROM fund_shards
                  WHERE account_id = p_account AND balance_fen > 0 ORDER BY shard FOR UPDATE LOOP
        EXIT WHEN v_left = 0;
        v_take := LEAST(v_left, v_row.balance_fen);
        IF v_take > 0 THEN
            UPDATE fund_shards SET balance_fen = balance_fen - v_take WHERE account_id = p_account AND shard = v_row.shard;
            v_left := v_left - v_take;
        END IF;
    END LOOP;
    RETURN p_wanted - v_left;
END;
$$;
