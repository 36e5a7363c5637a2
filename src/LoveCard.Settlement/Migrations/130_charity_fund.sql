-- The provincial charity fund (爱心卡慈善基金, ADR 0038). The fund is the ledger account
-- 'fund:330000:charity' (kind 'fund', sharded like every fund); donations are top-ups of it from
-- 'external:330000:donors' (fund_top_ups, maker-checker); allocations move money from it to the
-- county charity funds, proposed by one province user and approved or rejected by another.

CREATE TABLE charity_allocations (
    allocation_id                      uuid PRIMARY KEY,
    amount_fen                         bigint      NOT NULL CHECK (amount_fen > 0),
    note                               text,
    status                             text        NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    mountain_or_island_weight_permille integer     NOT NULL,
    other_weight_permille              integer     NOT NULL,
    proposed_by                        text        NOT NULL,
    proposed_at                        timestamptz NOT NULL,
    decided_by                         text,
    decided_at                         timestamptz,
    decision_note                      text,
    idempotency_key                    text        NOT NULL,
    request_hash                       text        NOT NULL,
    UNIQUE (proposed_by, idempotency_key)
);
CREATE INDEX charity_allocations_proposed ON charity_allocations (proposed_at DESC, allocation_id DESC);

-- The shares the rule gave when the allocation was proposed: what the approver sees and what approval posts.
CREATE TABLE charity_allocation_shares (
    allocation_id      uuid    NOT NULL REFERENCES charity_allocations (allocation_id),
    county             text    NOT NULL,
    mountain_or_island boolean NOT NULL,
    eligible_elders    bigint  NOT NULL CHECK (eligible_elders >= 0),
    weight_permille    integer NOT NULL,
    amount_fen         bigint  NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (allocation_id, county)
);
