-- Supervision (监督管理, DOMAIN.md §6): elders' absences, the source the "purchase while the elder
-- was in hospital or away" rule reads (docs/decisions/0005-elder-absences.md). A bureau or its grid
-- worker records one; it is kept as recorded (the audit trail has the ElderAbsenceRecorded event).

CREATE TABLE elder_absences (
    absence_id   uuid PRIMARY KEY,
    elder_id     uuid        NOT NULL,
    county       text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('hospital', 'away')),
    from_at      timestamptz NOT NULL,
    to_at        timestamptz NOT NULL,
    reason       text        NOT NULL,
    recorded_by  text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    CHECK (to_at > from_at)
);
CREATE INDEX elder_absences_elder ON elder_absences (elder_id, from_at);
CREATE INDEX elder_absences_county ON elder_absences (county, from_at DESC);
