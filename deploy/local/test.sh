#!/usr/bin/env bash
# Runs the whole LoveCard test suite against a real PostgreSQL and RabbitMQ (started here if they
# are not running) and closes with "N passed, N failed" summed from the test results. Exits non-zero
# on any failure, or when no test ran.
#
# Two phases. First every test project at once (LOVECARD_TEST_JOBS at a time, default 3): each has its
# own database and RabbitMQ vhost, so they cannot see each other's rows or messages. Then, alone, the
# tests in the "Disruptive" category (they stop or kill the shared servers), under their own suffix.
#
#   deploy/local/test.sh                      # everything
#   LOVECARD_TEST_FILTER='FullyQualifiedName~Cards' deploy/local/test.sh
#   LOVECARD_TEST_SUFFIX=mine deploy/local/test.sh   # own databases and vhosts, beside someone else's run
#   LOVECARD_TEST_JOBS=1 deploy/local/test.sh        # one project at a time
#
# Phase 1 starts the longest runs first, and splits the largest project into shards (each its own database
# and vhost, through its own suffix), so that one project is not the whole run's critical path.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

jobs_at_once="${LOVECARD_TEST_JOBS:-3}"
suffix="${LOVECARD_TEST_SUFFIX:-}"
disruptive_suffix="${suffix:+$suffix-}disruptive"

bash deploy/local/infra.sh up

# The console's browser journeys drive Debian's Chromium (Playwright's own browser download is not
# reachable); the CJK fonts make Chinese render in it. A missing browser fails those tests, never skips them.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  echo "Installing chromium and fonts-noto-cjk for the console's browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

projects=(tests/*.Tests/*.Tests.csproj)
short_name() { local name; name="$(basename "$1" .csproj)"; echo "${name#LoveCard.}" | tr '.' '-' | tr '[:upper:]' '[:lower:]'; }

# Shards: a project's test namespaces (folders) listed here run as shard 1, the rest as shard 2, side by side.
declare -A shard_one=(
  [LoveCard.Settlement.Tests]="Terminals Purchases Statements Ledger Clearing Orders Funds SelfService"
)
shard_suffix() { echo "${suffix:+$suffix-}shard$1"; }

# One phase-1 run per line: "weight project result filter suffix", weight = its [Test] count (longest first).
phase_one=()
test_count() { grep -rhoE '\[(Test|TestCase)[](, ]' "$@" --include='*.cs' 2>/dev/null | wc -l; }
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  dir="$(dirname "$project")"
  if [[ -n "${shard_one[$name]:-}" ]]; then
    inside=() outside=() folders=()
    for folder in ${shard_one[$name]}; do
      inside+=("FullyQualifiedName~$name.$folder.")
      outside+=("FullyQualifiedName!~$name.$folder.")
      folders+=("$dir/$folder")
    done
    one="$(IFS='|'; echo "${inside[*]}")"
    two="$(IFS='&'; echo "${outside[*]}")"
    weight_one="$(test_count "${folders[@]}")"
    phase_one+=("$weight_one $project $name.shard1 $one $(shard_suffix 1)")
    phase_one+=("$(($(test_count "$dir") - weight_one)) $project $name.shard2 $two $(shard_suffix 2)")
  else
    phase_one+=("$(test_count "$dir") $project $name - $suffix")
  fi
done
mapfile -t phase_one < <(printf '%s\n' "${phase_one[@]}" | sort -rn)

# Vhosts are made afresh per run (databases are recreated by the tests themselves).
disruptive_projects=()
for project in "${projects[@]}"; do
  short="$(short_name "$project")"
  bash deploy/local/infra.sh reset-test-vhost "lovecard-test-$short${suffix:+-$suffix}" >/dev/null
  if [[ -n "${shard_one[$(basename "$project" .csproj)]:-}" ]]; then
    for n in 1 2; do
      bash deploy/local/infra.sh reset-test-vhost "lovecard-test-$short-$(shard_suffix "$n")" >/dev/null
    done
  fi
  if grep -rqs --include='*.cs' 'TestCategories.Disruptive' "$(dirname "$project")"; then
    disruptive_projects+=("$project")
    bash deploy/local/infra.sh reset-test-vhost "lovecard-test-$short-$disruptive_suffix" >/dev/null
  fi
done

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "Building..."
dotnet build LoveCard.sln -nologo -clp:ErrorsOnly -v:q

# The layout is CSharpier's (docs/decisions/0025): a file it would change stops the run here.
echo "Checking the format..."
dotnet tool restore >/dev/null
if ! dotnet csharpier check . >"$results/format.log" 2>&1; then
  grep -v '^Checked ' "$results/format.log" | head -20
  echo "!!! Format check failed: these files are not formatted. Run: dotnet tool restore && dotnet csharpier format ."
  exit 1
fi

combined_filter() {
  local own="$1"
  if [[ -n "${LOVECARD_TEST_FILTER:-}" ]]; then echo "($own)&(${LOVECARD_TEST_FILTER})"; else echo "$own"; fi
}

# run_project PROJECT RESULT_NAME FILTER SUFFIX: one `dotnet test`, its console output kept in a log.
run_project() {
  local project="$1" result="$2" filter="$3" run_suffix="$4"
  local log="$results/$result.log" started=$SECONDS code=0
  LOVECARD_TEST_SUFFIX="$run_suffix" dotnet test "$project" --no-build -nologo \
    --logger "trx;LogFileName=$result.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" --filter "$filter" >"$log" 2>&1 || code=$?
  echo "$code" >"$results/$result.exit"
  {
    echo "=== $result ($((SECONDS - started)) s)"
    grep -v -e '^Test run for' -e '^A total of' -e '^Results File:' "$log" || true
  }
}

status=0
echo "Phase 1: every project, $jobs_at_once at a time"
running=0
for line in "${phase_one[@]}"; do
  read -r _ project name shard_filter run_suffix <<<"$line"
  own="TestCategory!=Disruptive"
  [[ "$shard_filter" == - ]] || own="$own&($shard_filter)"
  run_project "$project" "$name" "$(combined_filter "$own")" "${run_suffix:-}" &
  running=$((running + 1))
  if ((running >= jobs_at_once)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

if ((${#disruptive_projects[@]} > 0)); then
  echo "Phase 2: the tests that stop or kill the shared servers, alone"
  # Phase 1's vhosts are done with; the broker restarts below would otherwise recover all their queues.
  for project in "${projects[@]}"; do
    short="$(short_name "$project")"
    vhost_suffixes=("$suffix")
    [[ -z "${shard_one[$(basename "$project" .csproj)]:-}" ]] || vhost_suffixes+=("$(shard_suffix 1)" "$(shard_suffix 2)")
    for vhost_suffix in "${vhost_suffixes[@]}"; do
      bash deploy/local/infra.sh drop-test-vhost "lovecard-test-$short${vhost_suffix:+-$vhost_suffix}" >/dev/null || true
    done
  done
  for project in "${disruptive_projects[@]}"; do
    name="$(basename "$project" .csproj)"
    run_project "$project" "$name.disruptive" "$(combined_filter "TestCategory=Disruptive")" "$disruptive_suffix"
  done
fi

passed=0
failed=0
for exit_file in "$results"/*.exit; do
  result="$(basename "$exit_file" .exit)"
  trx="$results/$result.trx"
  if [[ ! -f "$trx" ]]; then
    # A filter that matched nothing writes no results; anything else without results is a crash.
    if ! grep -qs 'No test matches the given testcase filter' "$results/$result.log"; then
      echo "!!! $result produced no test results (the test host crashed?); see $results/$result.log"
      status=1
    fi
    continue
  fi
  [[ "$(cat "$exit_file")" == 0 ]] || status=1
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

if [[ $((passed + failed)) -eq 0 ]]; then
  echo "No test ran."
  status=1
fi
if [[ $failed -gt 0 ]]; then
  status=1
fi

echo "$passed passed, $failed failed"
exit $status
