-- The correctness invariants of BENCHMARKS.md ("Correctness under load"), checked after every
-- benchmark run against the database the benchmark's services used. Every check RAISEs, so
-- `psql -v ON_ERROR_STOP=1` exits non-zero and benchmarks/run.sh fails loudly.
--   psql -v ON_ERROR_STOP=1 -v approved=FILE -v county=330921 -v cap=1000000000 -f invariants.sql
-- Invariant 5's outbox half (drains within 60 s) is waited for by run.sh before this runs.

\set QUIET on
CREATE TEMP TABLE bench_approved (purchase_id uuid NOT NULL);
\copy bench_approved FROM :'approved'
SELECT set_config('bench.county', :'county', false), set_config('bench.cap', :'cap', false);

DO $$
DECLARE
    n bigint;
    total numeric;
    county text := current_setting('bench.county');
    cap bigint := current_setting('bench.cap')::bigint;
BEGIN
    -- 1. Postings of every transaction sum to zero; all postings sum to zero.
    SELECT count(*) INTO n FROM (SELECT transaction_id FROM settlement.postings GROUP BY transaction_id HAVING sum(amount_fen) <> 0) t;
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 1 BROKEN: % transactions whose postings do not sum to zero', n; END IF;
    SELECT coalesce(sum(amount_fen), 0) INTO total FROM settlement.postings;
    IF total <> 0 THEN RAISE EXCEPTION 'INVARIANT 1 BROKEN: all postings sum to % fen', total; END IF;
    RAISE NOTICE 'invariant 1 holds: % postings in % transactions sum to zero',
        (SELECT count(*) FROM settlement.postings), (SELECT count(DISTINCT transaction_id) FROM settlement.postings);

    -- 2. Every fund account's balance (its shards) equals the sum of its postings (top-ups are
    --    postings too); no fund shard below zero. External and payable accounts are the other
    --    side: their balance is by definition the sum of their postings.
    SELECT count(*) INTO n FROM settlement.accounts a
     WHERE a.kind = 'fund'
       AND coalesce((SELECT sum(balance_fen) FROM settlement.fund_shards s WHERE s.account_id = a.account_id), 0)
        <> coalesce((SELECT sum(amount_fen) FROM settlement.postings p WHERE p.account_id = a.account_id), 0);
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 2 BROKEN: % fund accounts whose balance differs from their postings', n; END IF;
    SELECT count(*) INTO n FROM settlement.fund_shards WHERE balance_fen < 0;
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 2 BROKEN: % fund shards below zero', n; END IF;
    RAISE NOTICE 'invariant 2 holds: % fund accounts balance with their postings, none below zero',
        (SELECT count(*) FROM settlement.accounts WHERE kind = 'fund');

    -- 3. Every approved answer a terminal got is exactly one approved purchase with its postings
    --    (the subsidy drawn from the funds and owed to the provider, the family's share from the
    --    families to the provider's counter, ADR 0040: payable + counter = price); no idempotency key twice.
    SELECT count(*) - count(DISTINCT purchase_id) INTO n FROM bench_approved;
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 3 BROKEN: % purchase ids were answered approved twice', n; END IF;
    SELECT count(*) INTO n FROM bench_approved b
     WHERE NOT EXISTS (SELECT 1 FROM settlement.purchases p WHERE p.purchase_id = b.purchase_id AND p.status = 'approved');
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 3 BROKEN: % approved answers with no approved purchase recorded', n; END IF;
    -- One pass over the postings (a sub-query per purchase took minutes for 15,000 answers).
    SELECT count(*) INTO n FROM bench_approved b JOIN settlement.purchases p USING (purchase_id)
      LEFT JOIN (SELECT x.purchase_id, sum(x.amount_fen) FILTER (WHERE x.account_id LIKE 'payable:%') AS owed,
                        sum(x.amount_fen) FILTER (WHERE x.account_id LIKE 'fund:%') AS drawn,
                        sum(x.amount_fen) FILTER (WHERE x.account_id LIKE 'counter:%') AS counter,
                        sum(x.amount_fen) FILTER (WHERE x.account_id LIKE 'family:%') AS family
                   FROM settlement.postings x WHERE x.kind = 'purchase' GROUP BY x.purchase_id) x USING (purchase_id)
     WHERE p.fiscal_fen + p.collective_fen + p.charity_fen <> coalesce(x.owed, 0)
        OR p.fiscal_fen + p.collective_fen + p.charity_fen <> -coalesce(x.drawn, 0)
        OR p.family_fen <> coalesce(x.counter, 0) OR p.family_fen <> -coalesce(x.family, 0)
        OR p.price_fen <> coalesce(x.owed, 0) + coalesce(x.counter, 0);
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 3 BROKEN: % approved purchases whose postings do not match their split', n; END IF;
    SELECT count(*) INTO n FROM settlement.purchases p
     WHERE p.status = 'declined' AND p.home_county = county
       AND EXISTS (SELECT 1 FROM settlement.postings x WHERE x.purchase_id = p.purchase_id);
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 3 BROKEN: % declined purchases with postings', n; END IF;
    SELECT count(*) INTO n FROM (SELECT 1 FROM settlement.purchases WHERE idempotency_key IS NOT NULL
        GROUP BY terminal_id, idempotency_key HAVING count(*) > 1) d;
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 3 BROKEN: % idempotency keys recorded twice', n; END IF;
    SELECT count(*) INTO n FROM settlement.purchases p
     WHERE p.status = 'approved' AND p.home_county = county AND p.price_fen <> p.fiscal_fen + p.collective_fen + p.charity_fen + p.family_fen;
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 3 BROKEN: % purchases whose split does not add up to the price', n; END IF;
    RAISE NOTICE 'invariant 3 holds: % approved answers, each one recorded purchase with matching postings',
        (SELECT count(*) FROM bench_approved);

    -- 4. No elder over a monthly cap: the benchmark policy's caps (:cap per source), and what
    --    cap_usage counts equals what the elder's purchases of that month drew.
    SELECT count(*) INTO n FROM settlement.cap_usage
     WHERE fiscal_used_fen > cap OR collective_used_fen > cap OR charity_used_fen > cap;
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 4 BROKEN: % elder-months over the cap', n; END IF;
    SELECT count(*) INTO n FROM settlement.cap_usage u
      LEFT JOIN (SELECT elder_id, cap_month, sum(fiscal_fen - fiscal_back_fen) AS f, sum(collective_fen - collective_back_fen) AS c,
                        sum(charity_fen - charity_back_fen) AS h
                   FROM settlement.purchases WHERE status <> 'declined' GROUP BY elder_id, cap_month) p
        ON p.elder_id = u.elder_id AND p.cap_month = u.month
     WHERE u.elder_id IN (SELECT elder_id FROM settlement.rm_elders WHERE home_county = county)
       AND (u.fiscal_used_fen <> coalesce(p.f, 0) OR u.collective_used_fen <> coalesce(p.c, 0) OR u.charity_used_fen <> coalesce(p.h, 0));
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 4 BROKEN: % elder-months whose cap usage differs from their purchases', n; END IF;
    RAISE NOTICE 'invariant 4 holds: no elder-month over the cap; cap usage equals the purchases';

    -- 5. Every read model equals its source (the outbox drained before this ran): settlement's
    --    cards and elders, and cards' cards against eligibility's eligible elders, in the county.
    SELECT count(*) INTO n FROM cards.cards c
      FULL JOIN (SELECT * FROM settlement.rm_cards WHERE home_county = county) r USING (card_id)
     WHERE coalesce(c.home_county, county) = county
       AND (c.card_id IS NULL OR r.card_id IS NULL OR c.status <> r.status OR c.card_number <> r.card_number);
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 5 BROKEN: % cards differ between cards and settlement''s read model', n; END IF;
    SELECT count(*) INTO n FROM eligibility.elders e
      FULL JOIN (SELECT * FROM settlement.rm_elders WHERE home_county = county) r USING (elder_id)
     WHERE coalesce(e.home_county, county) = county
       AND (e.elder_id IS NULL OR r.elder_id IS NULL OR e.category IS DISTINCT FROM r.category OR e.eligible <> r.eligible);
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 5 BROKEN: % elders differ between eligibility and settlement''s read model', n; END IF;
    SELECT count(*) INTO n FROM eligibility.elders e
     WHERE e.home_county = county AND e.eligible AND NOT EXISTS (SELECT 1 FROM cards.cards c WHERE c.elder_id = e.elder_id);
    IF n > 0 THEN RAISE EXCEPTION 'INVARIANT 5 BROKEN: % eligible elders without a card', n; END IF;
    RAISE NOTICE 'invariant 5 holds: settlement''s cards and elders and the cards service equal their sources';
END;
$$;
