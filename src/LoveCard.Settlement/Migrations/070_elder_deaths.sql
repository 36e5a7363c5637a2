-- Death with its date (DOMAIN.md §8 "Death"): settlement keeps the date each recorded death carried
-- (ElderDied), so the look-back at the time and the periodic after_death scan later both go by the
-- date of death, not by when the card's revocation reached this service.
CREATE TABLE elder_deaths (
    elder_id       uuid PRIMARY KEY,
    home_county    text        NOT NULL,
    date_of_death  date        NOT NULL,
    recorded_at    timestamptz NOT NULL,
    looked_back_at timestamptz NOT NULL
);
