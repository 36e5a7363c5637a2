-- Absences corrected (issue 18): an absence recorded wrongly can be withdrawn, or shortened, with a
-- reason and an event. A withdrawn absence stays (the register is history) but no rule reads it, and it no
-- longer blocks another absence of the elder in that period.
ALTER TABLE elder_absences
    ADD COLUMN status        text        NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'withdrawn')),
    ADD COLUMN version       integer     NOT NULL DEFAULT 1,
    ADD COLUMN changed_by    text,
    ADD COLUMN changed_at    timestamptz,
    ADD COLUMN change_reason text;
