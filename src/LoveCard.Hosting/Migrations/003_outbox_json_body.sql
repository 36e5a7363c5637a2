-- A lighter outbox row (ADR 0007). Measured on 200,000 event rows (docs/benchmarks.md R5): a jsonb
-- body costs PostgreSQL about 11 us a row to parse and store, and the unique index on message_id
-- about 4 us; together they were most of what a roster import's events cost the database.
--   * body becomes json: still checked to be JSON on insert, stored as written (the relay sends the
--     text as it is), read with the same ->/->> operators; nothing queries inside it by index.
--   * message_id loses its unique index: every id is a fresh version-7 UUID made by Outbox (or the
--     roster import's COPY, which makes them the same way), and the consumers' inbox, keyed on
--     (message_id, consumer), is what keeps a redelivered message from being applied twice.
ALTER TABLE outbox ALTER COLUMN body TYPE json USING body::json;
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_message_id_key;
