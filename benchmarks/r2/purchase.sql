-- R2 reference (BENCHMARKS.md): the exact SQL one approved card purchase sends, in the same order
-- and transaction shape, run by pgbench -M prepared with search_path=settlement.
-- Matches src/LoveCard.Settlement of 2026-11-28 after the purchase-path change of docs/benchmarks.md
-- (Terminals/TerminalGatewayMiddleware.cs, TerminalStore.cs, TerminalIdempotencyStore.cs,
-- Purchases/Purchasing.cs, Supervision/TerminalHoldRules.cs). Re-check it when those change.
-- pgbench -M prepared types a parameter only from its context: every parameter that has none (in
-- function arguments, jsonb_build_object, arithmetic) carries an explicit cast, and no string
-- literal holds a colon followed by a letter (pgbench would take ':name' in it for a variable), so
-- the account names are made in the first statement. Each statement is its own round trip here
-- (no \startpipeline): the service sends the same statements in 8 round trips.
-- The only statement not in the service is the first, which picks a card and terminal and makes
-- the ids the service would make in .NET (purchase id, nonce, idempotency key).
-- Variables: -D ncards=N -D nterminals=T -D county=C (run.sh sets them).
\set idx random(1, :ncards)
\set tidx random(1, :nterminals)
\set shard random(0, 7)
SELECT c.card_number, c.village_code, c.fiscal_fen AS f, c.collective_fen AS cl, c.charity_fen AS h, c.family_fen AS fam,
       t.terminal_id AS tid, t.provider_id AS pid, gen_random_uuid() AS purchase_id,
       md5(random()::text) AS nonce, md5(random()::text) AS ikey,
       'fund' || chr(58) || :county::text || chr(58) || 'fiscal' AS fiscal_account,
       'fund' || chr(58) || :county::text || chr(58) || 'collective' || chr(58) || c.village_code AS collective_account,
       'fund' || chr(58) || :county::text || chr(58) || 'charity' AS charity_account,
       'payable' || chr(58) || t.provider_id AS payable_account,
       'family' || chr(58) || t.provider_id AS family_account,
       'counter' || chr(58) || t.provider_id AS counter_account
  FROM bench_r2.cards c, bench_r2.terminals t WHERE c.idx = :idx AND t.idx = :tidx \gset
-- Gateway: the terminal, then the request's transaction uses the nonce and claims the key (one round
-- trip in the service, TerminalIdempotencyStore.TryUseNonceAndClaimAsync).
SELECT terminal_id, provider_id, county, model, latitude, longitude, opens_at, closes_at, status, activation_code_hash, activation_code_expires_at,
       activation_code_used_at, key_version, master_key_id, activated_at FROM terminals WHERE terminal_id = :tid;
BEGIN;
INSERT INTO terminal_nonces (terminal_id, nonce, expires_at) VALUES (:tid, :nonce, now() + interval '10 minutes') ON CONFLICT DO NOTHING;
INSERT INTO terminal_idempotency (terminal_id, idempotency_key, fingerprint, created_at)
VALUES (:tid, :ikey, md5(:ikey), now()) ON CONFLICT DO NOTHING;
-- 1. The credential (one round trip of three statements in the service).
SELECT c.card_id, c.elder_id, c.home_county AS card_home_county, c.status, e.home_county, e.village_code,
       e.masked_name, e.category, e.eligible
  FROM rm_cards c LEFT JOIN rm_elders e ON e.elder_id = c.elder_id
 WHERE c.card_number = :card_number \gset card_
SELECT EXISTS (SELECT 1 FROM rm_card_replaced_numbers WHERE card_number = :card_number AND true);
SELECT 'meal' IS NULL OR 'meal' = ANY(ARRAY['meal','bath','cleaning','mobility','medical','emergency','chat','learning'])
    OR EXISTS (SELECT 1 FROM rm_provider_items WHERE item_code = 'meal')
    OR EXISTS (SELECT 1 FROM rm_price_standards WHERE item_code = 'meal');
-- 3.–4. Provider, item, ceiling, settings, policy and the elder's cap row of the month, locked (one
-- round trip of six statements).
SELECT provider_id, county, status FROM rm_providers WHERE provider_id = :pid;
SELECT item_code, name, unit, unit_price_fen, discount_percent, effective_from
  FROM rm_provider_items WHERE provider_id = :pid AND item_code = 'meal';
SELECT s.ceiling_fen FROM rm_price_standards s
 WHERE s.county = :county AND s.item_code = 'meal'
   AND s.standard_version = (SELECT v.standard_version FROM rm_price_standards v
                              WHERE v.county = :county AND v.effective_from <= current_date
                              ORDER BY v.effective_from DESC, v.standard_version DESC LIMIT 1);
SELECT county, one_card_network, low_fund_alert_days FROM rm_county_settings WHERE county IN (:county, :county);
SELECT policy_version, categories::text AS categories FROM rm_subsidy_policies
 WHERE county = :county AND effective_from <= current_date
 ORDER BY effective_from DESC, policy_version DESC LIMIT 1;
INSERT INTO cap_usage (elder_id, month) VALUES (:card_elder_id, date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date)
ON CONFLICT (elder_id, month) DO UPDATE SET elder_id = excluded.elder_id
RETURNING fiscal_used_fen, collective_used_fen, charity_used_fen;
-- 6. Supervision hold rules.
SELECT (SELECT coalesce(sum(quantity), 0) FROM purchases
         WHERE card_id = :card_card_id AND item = 'meal' AND status = 'approved' AND booked_day = (now() AT TIME ZONE 'Asia/Shanghai')::date)::bigint AS meals_today,
       bo_threshold(:county::text, 'meals_per_day', 3) AS meals_limit,
       bo_threshold(:county::text, 'impossible_travel_kmh', 60) AS kmh_limit,
       bo_threshold(:county::text, 'impossible_travel_min_km', 2) AS min_km,
       t.latitude AS terminal_lat, t.longitude AS terminal_lon,
       prev.purchase_id AS prev_purchase_id, prev.provider_id AS prev_provider_id, prev.booked_at AS prev_booked_at,
       prev.lat AS prev_lat, prev.lon AS prev_lon
  FROM (SELECT 1) one
  LEFT JOIN terminals t ON t.terminal_id = :tid
  LEFT JOIN LATERAL (
      SELECT p.purchase_id, p.provider_id, p.booked_at,
             coalesce(p.location_lat, pt.latitude) AS lat, coalesce(p.location_lon, pt.longitude) AS lon
        FROM purchases p LEFT JOIN terminals pt ON pt.terminal_id = p.terminal_id
       WHERE p.card_id = :card_card_id AND p.status IN ('approved', 'voided') AND p.provider_id <> :pid
         AND p.booked_at > now() - interval '1 day' AND p.booked_at <= now()
       ORDER BY p.booked_at DESC LIMIT 1) prev ON true;
-- The usual purchase's last round trip: a savepoint, the draws from the three funds, and the booking
-- (cap usage, purchase, payable/family/counter accounts, postings, outbox), Purchasing.PurchaseAsync's fast path.
SAVEPOINT purchase_draws;
SELECT fund_draw(:fiscal_account::text, :shard::int, :f::bigint);
SELECT fund_draw(:collective_account::text, :shard::int, :cl::bigint);
SELECT fund_draw(:charity_account::text, :shard::int, :h::bigint);
UPDATE cap_usage SET fiscal_used_fen = fiscal_used_fen + :f, collective_used_fen = collective_used_fen + :cl,
    charity_used_fen = charity_used_fen + :h
 WHERE elder_id = :card_elder_id AND month = date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date;
INSERT INTO purchases (purchase_id, receipt_no, terminal_id, provider_id, provider_county, idempotency_key, status,
    credential_type, card_id, elder_id, masked_name, category, home_county, village_code, item, quantity,
    list_price_fen, price_fen, fiscal_fen, collective_fen, charity_fen, family_fen,
    remaining_fiscal_fen, remaining_collective_fen, remaining_charity_fen, policy_version, cap_month,
    order_id, care_worker_id, location_lat, location_lon, occurred_at, booked_at, booked_day)
VALUES (:purchase_id, 'R' || to_char(now(), 'YYMMDDHH24MISS') || upper(substr(:nonce::text, 1, 6)), :tid, :pid, :county, :ikey, 'approved',
    'card', :card_card_id, :card_elder_id, :card_masked_name, :card_category, :county, :village_code, 'meal', 1,
    1500, 1500, :f, :cl, :h, :fam, 999999000, 999999000, 999999000, 2, date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date,
    NULL, NULL, NULL, NULL, now(), now(), (now() AT TIME ZONE 'Asia/Shanghai')::date);
INSERT INTO accounts (account_id, kind, county, provider_id)
VALUES (:payable_account::text, 'payable', :county, :pid::uuid), (:family_account::text, 'family', :county, :pid::uuid),
       (:counter_account::text, 'counter', :county, :pid::uuid) ON CONFLICT (account_id) DO NOTHING;
INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
SELECT :purchase_id, p.account_id, p.amount_fen, 'purchase', :purchase_id, now()
  FROM unnest(ARRAY[:fiscal_account::text, :collective_account::text, :charity_account::text, :payable_account::text,
                    :family_account::text, :counter_account::text],
              ARRAY[-:f::bigint, -:cl::bigint, -:h::bigint, :f::bigint + :cl::bigint + :h::bigint,
                    -:fam::bigint, :fam::bigint]) AS p (account_id, amount_fen)
 WHERE p.amount_fen <> 0;
INSERT INTO outbox (message_id, message_type, aggregate_id, body, correlation_id)
VALUES (gen_random_uuid(), 'LoveCard.Contracts.Settlement.PurchaseSettled', :purchase_id::uuid, jsonb_build_object(
    'purchaseId', :purchase_id::uuid, 'receiptNo', 'R000000000000ABCDEF', 'terminalId', :tid::text, 'providerId', :pid::uuid, 'providerCounty', :county::text,
    'elderId', :card_elder_id::uuid, 'homeCounty', :county::text, 'cardId', :card_card_id::uuid, 'item', 'meal', 'quantity', 1, 'listPriceFen', 1500,
    'priceFen', 1500, 'fiscalFen', :f::bigint, 'collectiveFen', :cl::bigint, 'charityFen', :h::bigint, 'familyFen', :fam::bigint, 'bookedAt', now(),
    'aggregateId', :purchase_id::uuid, 'aggregateVersion', 1, 'actor', jsonb_build_object('kind', 'terminal', 'id', :tid::text), 'reason', 'purchase', 'occurredAt', now()),
    gen_random_uuid());
-- The gateway stores the answer with the key, then commits.
UPDATE terminal_idempotency
   SET status_code = 200, content_type = 'application/json', body = convert_to(repeat('x', 700), 'UTF8'), resource_id = :purchase_id, completed_at = now()
 WHERE terminal_id = :tid AND idempotency_key = :ikey;
COMMIT;
