-- A payout's payment as the bureau records it (ADR 0041): the bank's reference and the day it paid
-- (Asia/Shanghai). Set together with status 'paid' by PUT .../payment; a payout marked paid before
-- (status only) keeps them NULL.
ALTER TABLE clearing_payouts ADD COLUMN bank_reference text;
ALTER TABLE clearing_payouts ADD COLUMN paid_on date;
ALTER TABLE clearing_payouts ADD CONSTRAINT clearing_payouts_payment_whole
    CHECK ((bank_reference IS NULL) = (paid_on IS NULL) AND (bank_reference IS NULL OR status = 'paid'));

-- A provider reads its payouts over every county and period, newest first.
CREATE INDEX clearing_payouts_provider ON clearing_payouts (provider_id, period DESC);
