-- Credit that comes back (DOMAIN.md §8 "Credit"): dismissing an anomaly adds back the points it cost, as an
-- event of its own, booked once per anomaly whatever the bus delivers (the deduction keeps anomaly_id).
ALTER TABLE credit_events ADD COLUMN restores_anomaly_id uuid UNIQUE;
