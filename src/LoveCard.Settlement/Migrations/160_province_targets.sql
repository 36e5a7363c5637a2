-- The province's progress against the plan (ADR 0037), one row per Asia/Shanghai month, written by
-- ProvinceTargetJob every hour for the current month: a month's last row is its month-end figure.
CREATE TABLE province_target_months (
    month                  text        PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
    cardholders            bigint      NOT NULL,
    counties_covered       integer     NOT NULL,
    counties               integer     NOT NULL,
    certified_care_workers bigint      NOT NULL,
    registered_elders        bigint      NOT NULL,
    one_card_counties      integer     NOT NULL,
    recorded_at            timestamptz NOT NULL
);
