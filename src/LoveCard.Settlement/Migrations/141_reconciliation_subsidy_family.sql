-- Reconciliation reads LoveCard's amounts from the ledger and keeps their split (ADR 0040): the
-- subsidy (the provider's payable) and the family's share (its counter) of LoveCard's total. NULL for
-- reconciliations made before; they stay as they were computed.
ALTER TABLE reconciliations ADD COLUMN lovecard_subsidy_fen bigint;
ALTER TABLE reconciliations ADD COLUMN lovecard_family_fen bigint;
