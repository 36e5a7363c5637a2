-- Death with its date (DOMAIN.md §8 "Death"): recorded once by a bureau, usually days later.
-- A recorded death takes the elder off the visiting-care list; the row is kept (the register is history).
ALTER TABLE elders
    ADD COLUMN date_of_death     date,
    ADD COLUMN death_recorded_at timestamptz,
    ADD COLUMN death_recorded_by text;
