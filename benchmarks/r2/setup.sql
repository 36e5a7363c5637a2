-- R2 helper tables (benchmarks/run.sh runs this after the world is seeded): the seeded county's
-- cards and terminals numbered 1..n so pgbench can pick one at random, with each card's split of a
-- 15.00 meal under the benchmark policy (cat 1: 80/15/5 %, cat 2: 40/20/0 %, cat 3: family pays).
-- Lives in the settlement schema's database, in schema bench_r2; dropped by run.sh afterwards.
\set QUIET on
DROP SCHEMA IF EXISTS bench_r2 CASCADE;
CREATE SCHEMA bench_r2;
CREATE TABLE bench_r2.cards AS
SELECT row_number() OVER (ORDER BY c.card_id) AS idx, c.card_id, c.card_number, c.elder_id, e.village_code, e.category, e.masked_name,
       CASE e.category WHEN 1 THEN 1200 WHEN 2 THEN 600 ELSE 0 END AS fiscal_fen,
       CASE e.category WHEN 1 THEN 225 WHEN 2 THEN 300 ELSE 0 END AS collective_fen,
       CASE e.category WHEN 1 THEN 75 ELSE 0 END AS charity_fen,
       CASE e.category WHEN 1 THEN 0 WHEN 2 THEN 600 ELSE 1500 END AS family_fen
  FROM settlement.rm_cards c JOIN settlement.rm_elders e USING (elder_id)
 WHERE c.home_county = :'county' AND c.status = 'active';
ALTER TABLE bench_r2.cards ADD PRIMARY KEY (idx);
CREATE TABLE bench_r2.terminals AS
SELECT row_number() OVER (ORDER BY terminal_id) AS idx, terminal_id, provider_id
  FROM settlement.terminals WHERE county = :'county' AND status = 'enabled' AND key_version > 0;
ALTER TABLE bench_r2.terminals ADD PRIMARY KEY (idx);
SELECT 'ncards=' || count(*) FROM bench_r2.cards;
SELECT 'nterminals=' || count(*) FROM bench_r2.terminals;
