-- The family's share in the ledger (ADR 0040). Per provider two accounts: 'family:{provider}' (kind
-- 'family', the families who paid at its counter) and 'counter:{provider}' (kind 'counter', what the
-- provider collected there). A purchase posts family -> counter with its subsidy postings (same
-- transaction_id), a void or refund posts it back, so a provider's takings are payable + counter.

-- The kinds allowed so far stay allowed (another migration may have added some); two are added.
DO $$
DECLARE
    v_kinds text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO v_kinds
      FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
     WHERE c.conrelid = 'accounts'::regclass AND c.conname = 'accounts_kind_check';
    IF v_kinds IS NULL THEN
        v_kinds := ARRAY['fund', 'external', 'payable'];
    END IF;
    ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_kind_check;
    EXECUTE format(
        'ALTER TABLE accounts ADD CONSTRAINT accounts_kind_check CHECK (kind = ANY (%L::text[]))',
        (SELECT array_agg(DISTINCT k ORDER BY k) FROM unnest(v_kinds || ARRAY['family', 'counter']) AS k));
END;
$$;

-- Historical purchases and reversals: their family postings, back-posted in the transaction (and at
-- the booking time) of the purchase or reversal they belong to, so every month's statements,
-- reconciliation and ledger agree. Idempotent: a transaction that already has its family posting is
-- skipped, so running this again (or after the service posted some) adds nothing.
INSERT INTO accounts (account_id, kind, county, provider_id)
SELECT DISTINCT 'family:' || p.provider_id, 'family', p.provider_county, p.provider_id
  FROM purchases p WHERE p.status IN ('approved', 'voided')
ON CONFLICT (account_id) DO NOTHING;
INSERT INTO accounts (account_id, kind, county, provider_id)
SELECT DISTINCT 'counter:' || p.provider_id, 'counter', p.provider_county, p.provider_id
  FROM purchases p WHERE p.status IN ('approved', 'voided')
ON CONFLICT (account_id) DO NOTHING;

INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
SELECT p.purchase_id, x.account_id, x.amount_fen, 'purchase', p.purchase_id, p.booked_at
  FROM purchases p
 CROSS JOIN LATERAL (VALUES ('family:' || p.provider_id, -p.family_fen),
                            ('counter:' || p.provider_id, p.family_fen)) AS x (account_id, amount_fen)
 WHERE p.status IN ('approved', 'voided') AND p.family_fen > 0
   AND NOT EXISTS (SELECT 1 FROM postings q
                    WHERE q.transaction_id = p.purchase_id AND q.account_id = 'family:' || p.provider_id)
 ORDER BY p.booked_at, p.purchase_id, x.amount_fen;

INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
SELECT r.reversal_id, x.account_id, x.amount_fen, r.kind, r.purchase_id, r.booked_at
  FROM reversals r
  JOIN purchases p ON p.purchase_id = r.purchase_id
 CROSS JOIN LATERAL (VALUES ('family:' || p.provider_id, r.family_fen),
                            ('counter:' || p.provider_id, -r.family_fen)) AS x (account_id, amount_fen)
 WHERE r.family_fen > 0
   AND NOT EXISTS (SELECT 1 FROM postings q
                    WHERE q.transaction_id = r.reversal_id AND q.account_id = 'family:' || p.provider_id)
 ORDER BY r.booked_at, r.reversal_id, x.amount_fen;

