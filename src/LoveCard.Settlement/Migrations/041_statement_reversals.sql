-- Statements (对账清单, DOMAIN.md §5; R6 in BENCHMARKS.md) read a provider's, an elder's or a
-- county's month of reversals by the reversal's own booking time. Until now a reversal knew only
-- its purchase, so every statement found its voids and refunds through the purchases: a provider's
-- month cost a scan of the whole month's reversals joined to purchases (R6: 200 statements 32.8x
-- the county GROUP BY). A reversal now carries what a statement selects and groups it by, copied
-- from its purchase when it is written (Purchases/Reversals.cs), and never changes afterwards, like
-- the purchase fields it copies.
ALTER TABLE reversals
    ADD COLUMN provider_id     uuid,
    ADD COLUMN provider_county text,
    ADD COLUMN elder_id        uuid,
    ADD COLUMN home_county     text,
    ADD COLUMN item            text,
    -- What the reversal takes back of the purchase's quantity: all of it for a void, none for a
    -- (partial) refund, so a statement's quantities add up (the statement's rule, kept in one place).
    ADD COLUMN quantity_back   integer;

UPDATE reversals r
   SET provider_id = p.provider_id, provider_county = p.provider_county, elder_id = p.elder_id, home_county = p.home_county,
       item = p.item, quantity_back = CASE WHEN r.kind = 'void' THEN p.quantity ELSE 0 END
  FROM purchases p
 WHERE p.purchase_id = r.purchase_id;

-- Not null: a writer that forgets them fails loudly instead of leaving lines out of statements.
-- (elder_id and home_county stay nullable as on purchases, where a declined purchase may have none;
-- a reversal's purchase was approved, so in practice they are set.)
ALTER TABLE reversals
    ALTER COLUMN provider_id SET NOT NULL,
    ALTER COLUMN provider_county SET NOT NULL,
    ALTER COLUMN item SET NOT NULL,
    ALTER COLUMN quantity_back SET NOT NULL;

-- Covering indexes: a statement's totals (per source and per item) are answered from the index
-- alone (an index-only scan once the visibility map is set, which autovacuum does for these
-- insert-mostly tables); the page of lines walks the same index in booking order.
CREATE INDEX reversals_provider_statement ON reversals (provider_id, booked_at)
    INCLUDE (kind, item, quantity_back, amount_fen, fiscal_fen, collective_fen, charity_fen, family_fen);
CREATE INDEX reversals_elder_booked ON reversals (elder_id, booked_at);
CREATE INDEX reversals_county_statement ON reversals (provider_county, booked_at)
    INCLUDE (provider_id, item, quantity_back, amount_fen, fiscal_fen, collective_fen, charity_fen, family_fen);

-- The same for purchases by provider: replaces purchases_provider_booked (same key, so every query
-- that used it still can), with the columns a statement sums, so a provider's month of 5,000
-- purchases is summed without visiting the heap. The purchase path still maintains one index by
-- provider, only with wider leaf tuples.
CREATE INDEX purchases_provider_statement ON purchases (provider_id, booked_at)
    INCLUDE (status, item, quantity, price_fen, fiscal_fen, collective_fen, charity_fen, family_fen);
DROP INDEX purchases_provider_booked;

-- Corrections by county, for the county summary (a handful per month; the index keeps it from
-- scanning every county's corrections).
CREATE INDEX statement_corrections_county ON statement_corrections (provider_county, booked_at);
CREATE INDEX statement_corrections_elder ON statement_corrections (elder_id, booked_at);
