-- Finding S-2: the stored masked ID number (330903********123X) with the plaintext birth date beside
-- it was the whole ID number again, the birth date being the masked middle. The birth date now lives
-- only inside the encrypted ID number (id_encrypted), read when an elder is classified or shown.
--
-- next_review_on had the same flaw: for most elders it is the day they turn 60 or reach the advanced
-- age, i.e. their birthday. It becomes review_due, a keyed hash (the personal-data hash key) of that
-- day, which the daily job finds by hashing the days it looks at. Even a birth month in clear would
-- not do: with the masked number's check character, a month leaves two or three candidate days.
--
-- Existing rows: their review day cannot be hashed here (the key is not in the database), so they
-- are marked 'pending' and the next daily run reclassifies them from the encrypted ID number, which
-- sets their review_due (and publishes only where a result changed).
CREATE TEMP TABLE elders_review_pending ON COMMIT DROP AS
    SELECT elder_id FROM elders WHERE next_review_on IS NOT NULL;
DROP INDEX IF EXISTS elders_next_review;
ALTER TABLE elders DROP COLUMN next_review_on, DROP COLUMN birth_date;
-- A dropped column's values stay in the table's rows until they are rewritten. A volatile default makes
-- PostgreSQL rewrite every row now, dropped columns as nulls, and unlink the old file at commit. (Old
-- base backups and archived WAL still hold the dates until they age out: docs/security/findings.md.)
ALTER TABLE elders ADD COLUMN review_due text DEFAULT (CASE WHEN clock_timestamp() IS NULL THEN '' END);
ALTER TABLE elders ALTER COLUMN review_due DROP DEFAULT;
UPDATE elders SET review_due = 'pending' WHERE elder_id IN (SELECT elder_id FROM elders_review_pending);
CREATE INDEX elders_review_due ON elders (review_due) WHERE review_due IS NOT NULL;
