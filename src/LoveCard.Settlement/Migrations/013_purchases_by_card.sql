-- The terminal hold rules (meals per day, impossible travel) look up a card's recent purchases on
-- every purchase; without an index led by card_id that is a scan of the county's purchases.
CREATE INDEX purchases_card_booked ON purchases (card_id, booked_at);
