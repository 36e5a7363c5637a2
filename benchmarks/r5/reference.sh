#!/usr/bin/env bash
# R5 reference (BENCHMARKS.md): COPY of the roster CSV into a table with the elders table's columns
# and indexes, in database $1, from file $2; prints the seconds the COPY took. PG* variables name the
# server. The CSV's columns land in the columns that hold them (id_number in id_hash, the unique
# look-up key; name and phone in their *_encrypted columns); special_situations stays text (the CSV
# writes them ';'-separated, not as an array literal); the other columns are nullable so COPY can
# load the rows. Same collations (id_hash, home_county and village_code COLLATE "C", eligibility
# migration 004) and indexes as eligibility.elders: primary key, unique id_hash,
# (home_county, village_code, elder_id), (home_county, settings_version), partial review_due (migration 005: no birth date in clear).
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
db="$1"
csv="$2"
psql -d "$db" -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DROP SCHEMA IF EXISTS bench_r5_ref CASCADE;
CREATE SCHEMA bench_r5_ref;
CREATE TABLE bench_r5_ref.elders (
    elder_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), id_hash text COLLATE "C" NOT NULL UNIQUE, id_encrypted text, id_masked text,
    sex text, name_encrypted text NOT NULL, name_masked text, hukou_province text, hukou_county text,
    home_county text COLLATE "C" NOT NULL, village_code text COLLATE "C" NOT NULL, phone_encrypted text, phone_masked text, hardship text,
    ability_score integer, assessment_date date, dementia boolean, special_situations text, ss_card_number text,
    row_hash text, category integer, eligible boolean, is_local boolean, reasons text[], rules_version text,
    evaluated_on date, ability_level integer, care_situations text[], review_due text, settings_version integer,
    pub_hash text, version bigint, created_at timestamptz, updated_at timestamptz);
CREATE INDEX ON bench_r5_ref.elders (home_county, village_code, elder_id);
CREATE INDEX ON bench_r5_ref.elders (home_county, settings_version);
CREATE INDEX ON bench_r5_ref.elders (review_due) WHERE review_due IS NOT NULL;
SQL
start=$(date +%s.%N)
psql -d "$db" -q -v ON_ERROR_STOP=1 -c "\\copy bench_r5_ref.elders (id_hash, name_encrypted, hukou_province, home_county, village_code, phone_encrypted, hardship, ability_score, assessment_date, dementia, special_situations) FROM '$csv' WITH (FORMAT csv, HEADER true)" >/dev/null
end=$(date +%s.%N)
rows="$(psql -d "$db" -Atc "SELECT count(*) FROM bench_r5_ref.elders")"
psql -d "$db" -q -c "DROP SCHEMA bench_r5_ref CASCADE" >/dev/null
expected=$(($(wc -l <"$csv") - 1))
[[ "$rows" == "$expected" ]] || { echo "reference COPY loaded $rows rows, expected $expected" >&2; exit 1; }
python3 -c "print(round($end - $start, 3))"
