-- Home visits (DOMAIN.md §8, ADR 0026): a county marks the items given in the elder's home, each with the
-- shortest visit that proves one. Versions written before this keep NULL: the defaults of their item code.
ALTER TABLE price_standard_items
    ADD COLUMN home_service          boolean,
    ADD COLUMN minimum_visit_minutes integer CHECK (minimum_visit_minutes BETWEEN 1 AND 480);
