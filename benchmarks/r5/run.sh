#!/usr/bin/env bash
# R5 on its own (BENCHMARKS.md): roster import of N generated elders through the eligibility API
# against PostgreSQL COPY of the same CSV, measured in the same run on the same machine.
#
#   benchmarks/r5/run.sh [--quick] [--keep]          (N = BENCH_ELDERS_R5: 2,000,000; --quick 20,000)
#
# Isolated from benchmarks/run.sh and from other engineers' runs: its own database
# (lovecard_bench_r5), vhost (lovecard-bench-r5), ports (5251 cards, 5252 eligibility) and build
# output (artifacts/bench-r5), each of which an environment variable can change (below). Starts
# eligibility, and cards once to declare its queue; cards is
# stopped during the import (so the import runs on a machine as quiet as the references', as it
# would beside a cards service on its own host) and started at the import's end, to provision a
# card per elder from the queued events. Runs two references and the import, and writes
# benchmarks/results/<time>-r5/r5.json with:
#   - the import (upload + job until `succeeded`: stored, classified, events in the outbox), elders/s;
#   - reference A (BENCHMARKS.md R5): COPY into a table with the elders table's columns and indexes,
#     timed before and after the import; the ratio uses the faster of the two;
#   - reference B (issue 3's wording, the loadtest's own): COPY into a bare table with the CSV's
#     columns, id_number primary key and the (home_county, village_code, id) listing index;
#   - the import's time per phase (the eligibility log's "phases" line) and the CPU split;
#   - the time until the outbox was drained (relay published every event) and cards provisioned.
# Names: R5_DB (lovecard_bench_r5), R5_VHOST (lovecard-bench-r5), R5_CARDS_PORT (5251),
# R5_ELIGIBILITY_PORT (5252) and R5_ARTIFACTS (artifacts/bench-r5) let a second run beside the first
# use names of its own.
# Knobs: BENCH_ELDERS_R5, R5_DRAIN_TIMEOUT (seconds to wait after the import for the outbox to drain
# and the cards; 600, quick 120), R5_TRACE=1 (a machine-wide `perf` CPU profile during the import,
# with .NET's symbols from the services' perf maps, in perf.data).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
quick=0
keep=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
if ((quick)); then
  elders="${BENCH_ELDERS_R5:-20000}"; drain_timeout="${R5_DRAIN_TIMEOUT:-120}"
else
  elders="${BENCH_ELDERS_R5:-2000000}"; drain_timeout="${R5_DRAIN_TIMEOUT:-600}"
fi
county=330922
db="${R5_DB:-lovecard_bench_r5}"
vhost="${R5_VHOST:-lovecard-bench-r5}"
artifacts="${R5_ARTIFACTS:-$root/artifacts/bench-r5}"
out="$root/benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)-r5"
mkdir -p "$out"
log() { printf '[r5] %s\n' "$*" | tee -a "$out/run.log" >&2; }
fail() { printf '[r5] FAILED: %s\n' "$*" | tee -a "$out/run.log" >&2; exit 1; }

bash deploy/local/infra.sh up >/dev/null
# shellcheck source=../../deploy/local/env.sh
source deploy/local/env.sh
export PGHOST="$LOVECARD_PG_HOST" PGPORT="$LOVECARD_PG_PORT" PGUSER="$LOVECARD_PG_USER" PGPASSWORD="$LOVECARD_PG_PASSWORD"
log "R5 of $elders elders; results in $out"
log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (+ uncommitted changes in src)')"

for p in src/LoveCard.LoadTest src/LoveCard.Eligibility src/LoveCard.Cards; do
  log "building $p (Release)"
  dotnet build "$p" -c Release --artifacts-path "$artifacts" -nologo -clp:ErrorsOnly -v:q >>"$out/build.log" 2>&1 \
    || { tail -n 30 "$out/build.log" >&2; fail "build of $p"; }
done

pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if ((keep == 0)); then
    dropdb --if-exists --force "$db" 2>/dev/null || true
    rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
    rm -f "$out/roster.csv"
  fi
  exit "$rc"
}
trap cleanup EXIT INT TERM

dropdb --if-exists --force "$db"
createdb "$db"
bash deploy/local/infra.sh reset-test-vhost "$vhost" >/dev/null 2>&1
export ConnectionStrings__Postgres="Host=$LOVECARD_PG_HOST;Port=$LOVECARD_PG_PORT;Username=$LOVECARD_PG_USER;Password=$LOVECARD_PG_PASSWORD;Database=$db"
declare -A port=([cards]="${R5_CARDS_PORT:-5251}" [eligibility]="${R5_ELIGIBILITY_PORT:-5252}")
declare -A project=([cards]=Cards [eligibility]=Eligibility)
declare -A pid_of=()
start_service() {
  local name="$1"
  (
    export ASPNETCORE_ENVIRONMENT=Development Bus__VirtualHost="$vhost"
    export RateLimits__PerIpTokensPerSecond=1000000 RateLimits__PerIpBurst=1000000
    [[ "${R5_TRACE:-0}" == 1 ]] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
    exec dotnet "$artifacts/bin/LoveCard.${project[$name]}/release/LoveCard.${project[$name]}.dll" \
      --urls "http://127.0.0.1:${port[$name]}" --contentRoot "$root/src/LoveCard.${project[$name]}"
  ) >>"$out/$name.log" 2>&1 </dev/null &
  pid_of[$name]=$!
  pids+=($!)
  export "LOVECARD_BENCH_${name^^}_URL=http://127.0.0.1:${port[$name]}"
  local deadline=$((SECONDS + 180))
  until curl -fsS -m 3 "http://127.0.0.1:${port[$name]}/health/ready" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "$name did not become ready within 180 s (log: $out/$name.log)"
    sleep 1
  done
}
stop_service() {
  local pid="${pid_of[$1]}"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
start_service eligibility
start_service cards
# Cards declared its queue and bindings (durable); it stops for the import and starts again after,
# so the import runs on a machine as quiet as the references' and the events wait in its queue.
stop_service cards
log "eligibility ready; cards stopped until the import is done"

loadtest=(dotnet "$artifacts/bin/LoveCard.LoadTest/release/lovecard-loadtest.dll")
csv="$out/roster.csv"

# shellcheck source=../cpu.sh
source "$root/benchmarks/cpu.sh"
# Reference A before the import too (on the same generated CSV): the ratio takes the faster of the two
# runs, so a reference slowed by the import's aftermath (autovacuum, checkpoints) cannot flatter it.
"${loadtest[@]}" r5 --count "$elders" --county "$county" --csv "$csv" --generate-only true 2>>"$out/run.log" >/dev/null \
  || fail "generating the roster (see $out/run.log)"
ref_before="$(bash "$root/benchmarks/r5/reference.sh" "$db" "$csv")" || fail "reference A before the import"
log "reference A before the import: ${ref_before} s"

before="$(mktemp)"; after="$(mktemp)"
cpu_sample >"$before"; t0=$SECONDS
log "import through the API (the loadtest also times reference B, COPY into a bare table)"
set +e
if [[ "${R5_TRACE:-0}" == 1 ]]; then
  # A machine-wide CPU profile during the import (PostgreSQL's functions and, through the perf map
  # the services write, .NET's): `perf report -i $out/perf.data --sort comm,sym`.
  perf record -F 499 -a -g -o "$out/perf.data" >"$out/perf.log" 2>&1 &
  trace_pid=$!
  sleep 1
fi
"${loadtest[@]}" r5 --count "$elders" --county "$county" --csv "$csv" --reuse-csv true --keep-csv true --cards-timeout 0 \
  --out "$out/import.json" 2>>"$out/run.log" >/dev/null
loadtest_rc=$?
set -e
cpu_sample >"$after"; t1=$SECONDS
if [[ -n "${trace_pid:-}" ]]; then kill -INT "$trace_pid" 2>/dev/null || true; wait "$trace_pid" 2>/dev/null || true; fi
[[ -s "$out/import.json" ]] || fail "the loadtest wrote no result (see $out/run.log)"
import_seconds="$(python3 -c "import json;print(json.load(open('$out/import.json'))['import']['seconds'])")"
accepted="$(python3 -c "import json;print(json.load(open('$out/import.json'))['import']['accepted'])")"

# After the import: cards starts at once; one loop times, from the import's end, the relay's drain
# of the outbox (every row sent) and the provisioning of a card for every accepted elder.
after_import=$SECONDS
start_service cards
pending() { psql -d "$db" -Atc "SELECT count(*) FROM eligibility.outbox WHERE sent_at IS NULL"; }
cards_count() { psql -d "$db" -Atc "SELECT count(*) FROM cards.cards WHERE home_county = '$county'"; }
queued() {
  rabbitmqctl -q list_queues -p "$vhost" name messages 2>/dev/null \
    | awk '$1 ~ /^cards-elder-classified/ {n += $2} END {print n + 0}'
}
# Every 10 s, where the events are (drain.tsv): still in the outbox, in cards' queues, made into cards.
printf 'seconds\toutbox_pending\tqueued_messages\tcards\n' >"$out/drain.tsv"
drained=""
provisioned=""
sampled=-10
while ((SECONDS - after_import < drain_timeout)) && [[ -z "$drained" || -z "$provisioned" ]]; do
  [[ -z "$drained" && "$(pending)" == 0 ]] && drained=$((SECONDS - after_import))
  made="$(cards_count)"
  [[ -z "$provisioned" ]] && ((made >= accepted)) && provisioned=$((SECONDS - after_import))
  if ((SECONDS - after_import - sampled >= 10)); then
    sampled=$((SECONDS - after_import))
    printf '%s\t%s\t%s\t%s\n' "$sampled" "$(pending)" "$(queued)" "$made" >>"$out/drain.tsv"
  fi
  sleep 1
done
left="$(pending)"
cards_made="$(cards_count)"
log "outbox: ${left} events pending, drained after ${drained:-(not yet)} s; cards: $cards_made of $accepted, all after ${provisioned:-(not yet)} s (from the import's end)"
if [[ -n "$provisioned" ]]; then
  log "all $accepted cards provisioned $provisioned s after the import's end"
else
  log "NOT all cards provisioned: $cards_made of $accepted, $drain_timeout s after the import's end"
fi

# Stop the services so reference A runs on a machine as quiet as the import's start.
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()

# Reference A (BENCHMARKS.md R5): the same CSV into a table with the elders table's columns and indexes.
ref_after="$(bash "$root/benchmarks/r5/reference.sh" "$db" "$csv")" || fail "reference A after the import (COPY into the elders-shaped table)"
log "reference A after the import: ${ref_after} s"
ref_seconds="$(python3 -c "print(min($ref_before, $ref_after))")"
cpu="$(cpu_split "$before" "$after" "$((t1 - t0 > 0 ? t1 - t0 : 1))")"
rm -f "$before" "$after"
cards_total=null
[[ -n "$provisioned" ]] && cards_total="$(python3 -c "print(round($import_seconds + $provisioned, 3))")"
extra="{\"referenceSecondsBeforeImport\": $ref_before, \"referenceSecondsAfterImport\": $ref_after, \"cpuCoresDuringLoadtest\": $cpu, \"outboxDrainedSecondsAfterImport\": ${drained:-null}, \"outboxPendingAtEnd\": $left, \"loadtestExit\": $loadtest_rc, \"cardsProvisioned\": $cards_made, \"cardsProvisioningSeconds\": ${provisioned:-null}, \"cardsProvisionedSeconds\": $cards_total, \"cardsProvisionedNote\": \"cards was stopped during the import and started at its end: import seconds + seconds from then until every accepted elder had a card\"}"
cp "$out/import.json" "$out/r5.json"
python3 "$root/benchmarks/r5/merge.py" "$out/r5.json" "$ref_seconds" "$out/eligibility.log" "$extra" >/dev/null || fail "merging the results"
log "$(python3 -c "import json;d=json.load(open('$out/r5.json'));print(d['import']['eldersPerSecond'], 'elders/s; ratio', d['ratio'], '(COPY into the elders-shaped table, goal <= 3);', d['ratioBare'], '(bare table, issue 3 goal <= 2)')")"
