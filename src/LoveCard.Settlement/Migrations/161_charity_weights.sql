-- The provincial charity fund's allocation weights as the province sets them (ADR 0043): one row per
-- version, never changed; the newest is in force. With no row the service's configuration applies
-- (version 0), so a deployment keeps the weights it had until the province changes them.
CREATE TABLE charity_weights (
    version                     integer     PRIMARY KEY CHECK (version > 0),
    mountain_or_island_permille integer     NOT NULL CHECK (mountain_or_island_permille BETWEEN 1 AND 100000),
    other_permille              integer     NOT NULL CHECK (other_permille BETWEEN 1 AND 100000),
    reason                      text        NOT NULL,
    changed_by                  text        NOT NULL,
    changed_at                  timestamptz NOT NULL
);
