-- Thresholds per provider type (DOMAIN.md §8 "Credit"): a canteen's lunch queue is not a card burst. The
-- provider's type comes with every provider event; rows from before stay null until the next event or a
-- reconciliation pass, and null is judged as "other providers" (the stricter thresholds, as before).
ALTER TABLE rm_providers ADD COLUMN provider_type text;
