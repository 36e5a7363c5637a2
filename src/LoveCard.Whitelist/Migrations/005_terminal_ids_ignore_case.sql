-- Terminal ids are unique whatever their case (finding S-10): `t330903meal01` beside `T330903MEAL01`
-- would be two terminals that a person reading a receipt, a statement or a log takes for one.
-- Ids that already clash stop this migration with their names: disable one terminal of each pair and
-- give it a new id (register it again), then start the service again (docs/runbook.md, "Migrations").
DO $$
DECLARE
    clashes text;
BEGIN
    SELECT string_agg(ids, '; ') INTO clashes
      FROM (SELECT string_agg(terminal_id, ', ' ORDER BY terminal_id) AS ids
              FROM terminals GROUP BY lower(terminal_id) HAVING count(*) > 1) c;
    IF clashes IS NOT NULL THEN
        RAISE EXCEPTION 'terminal ids that differ only in case: %', clashes;
    END IF;
END $$;

CREATE UNIQUE INDEX terminals_id_ignore_case ON terminals (lower(terminal_id));
