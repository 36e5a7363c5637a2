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

# Vhosts are made afresh per run (databases are recreated by the tests themselves).
disruptive_projects=()
for project in "${projects[@]}"; do
  short="$(short_name "$project")"
  bash deploy/local/infra.sh reset-test-vhost "lovecard-test-$short${suffix:+-$suffix}" >/dev/null
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
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  run_project "$project" "$name" "$(combined_filter "TestCategory!=Disruptive")" "$suffix" &
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
    bash deploy/local/infra.sh drop-test-vhost "lovecard-test-$(short_name "$project")${suffix:+-$suffix}" >/dev/null || true
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
