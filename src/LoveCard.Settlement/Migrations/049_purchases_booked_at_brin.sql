-- The supervision scan reads "purchases booked in the last window" every minute; without an index
-- leading on booked_at that is a whole-table scan. Purchases are inserted in booking order, so a
-- BRIN index finds the window by block range at almost no cost to each purchase insert (a B-tree
-- here would add a page write per purchase on the hottest table).
CREATE INDEX purchases_booked_at_brin ON purchases USING brin (booked_at) WITH (pages_per_range = 32);
