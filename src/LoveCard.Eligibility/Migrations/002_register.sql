-- The eligibility service's tables (DOMAIN.md §2, §3, §6): county settings, subsidy policies,
-- the elder register with its current classification and history, reads of unmasked personal
-- data, and roster imports.

-- Every bracketed setting of DOMAIN.md per county; version +1 per change (CountySettingsChanged).
CREATE TABLE county_settings (
    county                    text        PRIMARY KEY,
    version                   integer     NOT NULL,
    advanced_age              integer     NOT NULL,
    min_disability_level      integer     NOT NULL,
    assessment_valid_months   integer     NOT NULL,
    allow_non_local_residents boolean     NOT NULL,
    one_card_network          boolean     NOT NULL,
    suspend_below             integer     NOT NULL,
    low_fund_alert_days       integer     NOT NULL,
    mountain_or_island        boolean     NOT NULL,
    anomaly_thresholds        jsonb       NOT NULL DEFAULT '{}',
    updated_at                timestamptz NOT NULL,
    updated_by                text        NOT NULL
);

-- Append-only audit of every settings version (who, what, when, why).
CREATE TABLE county_settings_history (
    county     text        NOT NULL,
    version    integer     NOT NULL,
    settings   jsonb       NOT NULL,
    actor      text        NOT NULL,
    reason     text        NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (county, version)
);

-- Subsidy policy versions: proposed by one user, approved by another, never changed afterwards.
CREATE TABLE subsidy_policies (
    county         text        NOT NULL,
    version        integer     NOT NULL,
    effective_from date        NOT NULL,
    categories     jsonb       NOT NULL,
    status         text        NOT NULL CHECK (status IN ('proposed', 'published')),
    proposed_by    text        NOT NULL,
    proposed_at    timestamptz NOT NULL,
    reason         text        NOT NULL,
    approved_by    text,
    approved_at    timestamptz,
    published_seq  integer,
    PRIMARY KEY (county, version)
);

CREATE TABLE elders (
    elder_id           uuid        PRIMARY KEY,
    id_hash            text        NOT NULL UNIQUE,   -- keyed hash of the ID number, for look-up
    id_encrypted       text        NOT NULL,
    id_masked          text        NOT NULL,
    birth_date         date        NOT NULL,
    sex                text        NOT NULL,
    name_encrypted     text        NOT NULL,
    name_masked        text        NOT NULL,
    hukou_province     text        NOT NULL,
    hukou_county       text,
    home_county        text        NOT NULL,
    village_code       text        NOT NULL,
    phone_encrypted    text,
    phone_masked       text,
    hardship           text        NOT NULL,
    ability_score      integer,
    assessment_date    date,
    dementia           boolean     NOT NULL,
    special_situations text[]      NOT NULL,
    ss_card_number     text,
    row_hash           text        NOT NULL,          -- fingerprint of the inputs: a re-import of the same row changes nothing
    category           integer,
    eligible           boolean     NOT NULL,
    is_local           boolean     NOT NULL,
    reasons            text[]      NOT NULL,
    rules_version      text        NOT NULL,
    evaluated_on       date        NOT NULL,
    ability_level      integer,
    care_situations    text[]      NOT NULL,
    next_review_on     date,                          -- the daily job's work list
    settings_version   integer     NOT NULL,          -- county settings version the result used
    pub_hash           text        NOT NULL,          -- fingerprint of what ElderClassified carries
    version            bigint      NOT NULL,          -- aggregate version of the last published event
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE INDEX elders_county_village ON elders (home_county, village_code, elder_id);
CREATE INDEX elders_county_settings ON elders (home_county, settings_version);
CREATE INDEX elders_next_review ON elders (next_review_on) WHERE next_review_on IS NOT NULL;

-- Every published classification (GET /api/elders/{id}/classifications).
CREATE TABLE classifications (
    elder_id      uuid        NOT NULL,
    version       bigint      NOT NULL,
    category      integer,
    eligible      boolean     NOT NULL,
    is_local      boolean     NOT NULL,
    reasons       text[]      NOT NULL,
    rules_version text        NOT NULL,
    evaluated_on  date        NOT NULL,
    home_county   text        NOT NULL,
    village_code  text        NOT NULL,
    actor         text        NOT NULL,
    reason        text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    PRIMARY KEY (elder_id, version)
);

-- Append-only log of changes to an elder's inputs (field names only, never values).
CREATE TABLE elder_changes (
    id         bigserial   PRIMARY KEY,
    elder_id   uuid        NOT NULL,
    fields     text[]      NOT NULL,
    actor      text        NOT NULL,
    reason     text        NOT NULL,
    changed_at timestamptz NOT NULL
);

-- Every read of unmasked personal data (DOMAIN.md §6): who, whose, why.
CREATE TABLE personal_data_reads (
    id         bigserial   PRIMARY KEY,
    read_at    timestamptz NOT NULL,
    actor      text        NOT NULL,
    actor_role text        NOT NULL,
    elder_id   uuid        NOT NULL,
    fields     text[]      NOT NULL,
    purpose    text        NOT NULL
);

CREATE TABLE imports (
    import_id      uuid        PRIMARY KEY,
    county         text        NOT NULL,
    file_name      text,
    format         text        NOT NULL,
    encoding       text,
    status         text        NOT NULL CHECK (status IN ('uploading', 'queued', 'running', 'succeeded', 'failed')),
    bytes          bigint      NOT NULL DEFAULT 0,
    rows_read      bigint      NOT NULL DEFAULT 0,  -- data rows committed (accepted + rejected)
    rows_accepted  bigint      NOT NULL DEFAULT 0,
    rows_rejected  bigint      NOT NULL DEFAULT 0,
    rows_created   bigint      NOT NULL DEFAULT 0,
    rows_updated   bigint      NOT NULL DEFAULT 0,
    rows_unchanged bigint      NOT NULL DEFAULT 0,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL,
    started_at     timestamptz,
    finished_at    timestamptz,
    error          text
);

-- The uploaded file, in 1 MiB pieces, so a restarted service can resume the import.
CREATE TABLE import_blobs (
    import_id uuid    NOT NULL,
    seq       integer NOT NULL,
    data      bytea   NOT NULL,
    PRIMARY KEY (import_id, seq)
);

CREATE TABLE import_errors (
    import_id  uuid    NOT NULL,
    row_number bigint  NOT NULL,
    field      text    NOT NULL,
    code       text    NOT NULL,
    message    text    NOT NULL
);

CREATE INDEX import_errors_by_row ON import_errors (import_id, row_number);
