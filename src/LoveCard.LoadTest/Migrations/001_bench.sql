-- The R7 bench consumer's read model: one row per applied event, so "applied" is a fact in the
-- database (inbox row + state change in one transaction), as in a real consumer.
CREATE TABLE bench_applied (
    message_id   uuid   PRIMARY KEY,
    aggregate_id text   NOT NULL,
    version      bigint NOT NULL
);
