#!/usr/bin/env bash
# Runs the whole LoveCard test suite against a real PostgreSQL and RabbitMQ (started here if they
# are not running) and closes with "N passed, N failed" summed from the test results. Exits non-zero
# on any failure, or when no test ran.
#
# Two phases. First every test project that uses the servers (LOVECARD_TEST_JOBS at a time, default 3): each
# has its own database and RabbitMQ vhost, so they cannot see each other's rows or messages. Then, alone, the
# tests in the "Disruptive" category (they stop or kill the shared servers), under their own suffix, with the
# projects that use neither server beside them.
#
#   deploy/local/test.sh                      # everything
#   LOVECARD_TEST_FILTER='FullyQualifiedName~Cards' deploy/local/test.sh
#   LOVECARD_TEST_PROJECTS='Cards Security' deploy/local/test.sh   # only these projects (LoveCard.<name>.Tests)
#   LOVECARD_TEST_SUFFIX=mine deploy/local/test.sh   # own databases and vhosts, beside someone else's run
#   LOVECARD_TEST_JOBS=1 deploy/local/test.sh        # one project at a time
#
# Where the time goes and why it is scheduled so: docs/decisions/0048-the-test-command-on-two-cores.md.
# Phase 1 starts the longest runs first (seconds from the last full run), and splits the largest project into
# shards (each its own database and vhost, through its own suffix), so that one project is not the whole run's
# critical path. The convergence tests, which mostly wait out a three-minute database fault, start while the
# rest of the solution builds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

jobs_at_once="${LOVECARD_TEST_JOBS:-3}"
suffix="${LOVECARD_TEST_SUFFIX:-}"
disruptive_suffix="${suffix:+$suffix-}disruptive"

# One restore for the whole solution, begun before the servers are checked (it needs neither); the builds below
# then skip their own (ADR 0061).
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
(dotnet restore LoveCard.sln -nologo -v:q >"$results/restore.log" 2>&1; echo $? >"$results/restore.status") &
restore=$!

bash deploy/local/infra.sh up

# The console's browser journeys drive Debian's Chromium (Playwright's own browser download is not
# reachable); the CJK fonts make Chinese render in it. A missing browser fails those tests, never skips them.
# grep reads all of fc-list's output: with -q it would stop early, fc-list would die of SIGPIPE and pipefail
# would call the fonts missing (and reinstall them) about every other run.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null; then
  echo "Installing chromium and fonts-noto-cjk for the console's browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

projects=()
for project in tests/*.Tests/*.Tests.csproj; do
  wanted="${LOVECARD_TEST_PROJECTS:-}"
  wanted="${wanted//,/ }"
  name="$(basename "$project" .csproj)"
  name="${name#LoveCard.}"
  if [[ -z "$wanted" || " $wanted " == *" ${name%.Tests} "* ]]; then projects+=("$project"); fi
done
if ((${#projects[@]} == 0)); then
  echo "No test project matches LOVECARD_TEST_PROJECTS='${LOVECARD_TEST_PROJECTS:-}'."
  exit 1
fi
short_name() {
  local name
  name="$(basename "$1" .csproj)"
  echo "${name#LoveCard.}" | tr '.' '-' | tr '[:upper:]' '[:lower:]'
}

# Shards: a project's test namespaces (folders) listed here run as shard 1, the rest as shard 2, side by side.
declare -A shard_one=(
  [LoveCard.Settlement.Tests]="Terminals Purchases Statements Ledger Clearing Orders Funds SelfService"
)
shard_suffix() { echo "${suffix:+$suffix-}shard$1"; }

# Seconds each run took in the last full run on two cores (3 at a time; ADR 0048), the "=== name (N s)" lines of
# the quiet run on 7a34617 (ADR 0061). Phase 1 starts the longest first, so the long ones never start last. A run
# not listed weighs its [Test] count, about a second a test.
declare -A expected_seconds=(
  [LoveCard.Convergence.Tests]=294 [LoveCard.Console.Tests]=184 [LoveCard.Security.Tests]=147
  [LoveCard.Platform.Tests]=131 [LoveCard.Fault.Tests]=114 [LoveCard.Settlement.Tests.shard1]=101
  [LoveCard.Settlement.Tests.shard2]=82 [LoveCard.Identity.Tests]=68 [LoveCard.Eligibility.Tests]=56
  [LoveCard.EndToEnd.Tests]=53 [LoveCard.Backup.Tests]=41 [LoveCard.Whitelist.Tests]=29
  [LoveCard.Cards.Tests]=25 [LoveCard.Deploy.Tests]=24
)

# Runs that start while the rest of the solution builds (ADR 0048): most of their time is waiting, not CPU.
during_build=(LoveCard.Convergence.Tests)

# One phase-1 run per line: "weight project result filter suffix" (longest first).
phase_one=()
test_count() { grep -rhoE '\[(Test|TestCase)[](, ]' "$@" --include='*.cs' 2>/dev/null | wc -l; }
weight() { echo "${expected_seconds[$1]:-$2}"; }
# A project whose sources name neither server nor a service host needs neither: it runs in phase 2, beside
# the disruptive tests (which leave the CPU mostly idle while servers stop and start), not in phase 1.
uses_servers() {
  grep -rqsE --include='*.cs' 'TestInfrastructure|ServiceHost|DatabaseGate|Database\.|infra\.sh' "$1"
}
serverless=()
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  dir="$(dirname "$project")"
  if ! uses_servers "$dir"; then
    serverless+=("$project")
  elif [[ -n "${shard_one[$name]:-}" ]]; then
    inside=() outside=() folders=()
    for folder in ${shard_one[$name]}; do
      inside+=("FullyQualifiedName~$name.$folder.")
      outside+=("FullyQualifiedName!~$name.$folder.")
      folders+=("$dir/$folder")
    done
    one="$(IFS='|'; echo "${inside[*]}")"
    two="$(IFS='&'; echo "${outside[*]}")"
    weight_one="$(test_count "${folders[@]}")"
    phase_one+=("$(weight "$name.shard1" "$weight_one") $project $name.shard1 $one $(shard_suffix 1)")
    weight_two="$(($(test_count "$dir") - weight_one))"
    phase_one+=("$(weight "$name.shard2" "$weight_two") $project $name.shard2 $two $(shard_suffix 2)")
  else
    phase_one+=("$(weight "$name" "$(test_count "$dir")") $project $name - $suffix")
  fi
done
mapfile -t phase_one < <(printf '%s\n' "${phase_one[@]}" | sort -rn)

# Vhosts are made afresh per run (databases are recreated by the tests themselves), all in one broker CLI
# call: one call per vhost cost about a minute on two cores (ADR 0048).
disruptive_projects=()
fresh_vhosts=()
for project in "${projects[@]}"; do
  short="$(short_name "$project")"
  fresh_vhosts+=("lovecard-test-$short${suffix:+-$suffix}")
  if [[ -n "${shard_one[$(basename "$project" .csproj)]:-}" ]]; then
    for n in 1 2; do
      fresh_vhosts+=("lovecard-test-$short-$(shard_suffix "$n")")
    done
  fi
  if grep -rqs --include='*.cs' 'TestCategories.Disruptive' "$(dirname "$project")"; then
    disruptive_projects+=("$project")
    fresh_vhosts+=("lovecard-test-$short-$disruptive_suffix")
  fi
done
bash deploy/local/infra.sh reset-test-vhosts "${fresh_vhosts[@]}" >/dev/null

combined_filter() {
  local own="$1"
  if [[ -n "${LOVECARD_TEST_FILTER:-}" ]]; then echo "($own)&(${LOVECARD_TEST_FILTER})"; else echo "$own"; fi
}

# run_project PROJECT RESULT_NAME FILTER SUFFIX: one `dotnet test`, its console output kept in a log.
# Without tiered PGO: a test process lives for seconds to minutes, too short to win back the instrumented
# tier's extra JIT work; the same tests took 13 to 16 % less CPU (ADR 0048). A method is recompiled optimised
# after 1,000 calls, not 30: most of a test process's methods run a few hundred times at most, and recompiling
# them took about a fifth of its CPU; the hot ones still get there in moments (ADR 0061). The code run is the same.
# The built test assembly is handed to `dotnet test` when there is exactly one: the project would only be
# evaluated by MSBuild again to find it (about 0.6 CPU s and 3 s a run).
run_project() {
  local project="$1" result="$2" filter="$3" run_suffix="$4"
  local log="$results/$result.log" started=$SECONDS code=0 target=("$project" --no-build -nologo)
  local built=("$(dirname "$project")"/bin/Debug/net*/"$(basename "$project" .csproj)".dll)
  if ((${#built[@]} == 1)) && [[ -f "${built[0]}" ]]; then target=("${built[0]}"); fi
  DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}" DOTNET_TC_CallCountThreshold="${DOTNET_TC_CallCountThreshold:-1000}" \
    LOVECARD_TEST_SUFFIX="$run_suffix" \
    dotnet test "${target[@]}" \
    --logger "trx;LogFileName=$result.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" --filter "$filter" >"$log" 2>&1 || code=$?
  echo "$code" >"$results/$result.exit"
  {
    echo "=== $result ($((SECONDS - started)) s)"
    grep -v -e '^Test run for' -e '^A total of' -e '^Results File:' -e '^VSTest version' \
      -e '^Starting test execution' "$log" || true
  }
}

# start_run LINE: one phase-1 run in the background.
start_run() {
  local project name shard_filter run_suffix own="TestCategory!=Disruptive"
  read -r _ project name shard_filter run_suffix <<<"$1"
  [[ "$shard_filter" == - ]] || own="$own&($shard_filter)"
  run_project "$project" "$name" "$(combined_filter "$own")" "${run_suffix:-}" &
}

# Our own background runs (this script's jobs and what they started, nothing else), stopped when the build or
# the format check fails.
kill_tree() {
  local child
  for child in $(pgrep -P "$1" || true); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
stop_runs() {
  local pid
  for pid in $(jobs -p); do kill_tree "$pid"; done
  wait || true
}

# The layout is CSharpier's (docs/decisions/0025): a file it would change stops the run. Checked while the
# build runs (it reads only the sources).
dotnet tool restore >/dev/null
(dotnet csharpier check . >"$results/format.log" 2>&1; echo $? >"$results/format.status") &
format_check=$!
# The security tests' OpenAPI tools (npm packages and Kiota) install beside the build too (ADR 0053): on a fresh
# clone that download would otherwise happen inside the security run, on phase 1's longest path. install.sh does
# nothing when they are there; if it fails here, the tests run it again and fail saying why.
openapi_tools=""
if [[ " ${projects[*]} " == *"/LoveCard.Security.Tests.csproj "* ]]; then
  (bash tests/LoveCard.Security.Tests/OpenApiLint/install.sh >"$results/openapi-tools.log" 2>&1 || true) &
  openapi_tools=$!
fi

wait "$restore" || true
if [[ "$(cat "$results/restore.status")" != 0 ]]; then
  tail -20 "$results/restore.log"
  stop_runs
  echo "!!! Restore failed."
  exit 1
fi

# Runs that mostly wait start as soon as their own project is built, and wait while the rest builds.
status=0
running=0
rest=()
started=()
for line in "${phase_one[@]}"; do
  [[ -n "$line" ]] || continue
  read -r _ project name shard_filter run_suffix <<<"$line"
  if [[ " ${during_build[*]} " == *" $name "* ]]; then
    echo "Building $name and starting it while the rest builds..."
    if dotnet build "$project" --no-restore -nologo -clp:ErrorsOnly -v:q; then
      start_run "$line"
      started+=("$project")
      running=$((running + 1))
    else
      rest+=("$line")
    fi
  else
    rest+=("$line")
  fi
done

# The rest of the solution, through a solution filter without the runs already started: no build step may
# write into the output of a project whose tests are running.
build="LoveCard.sln"
if ((${#started[@]} > 0)); then
  build="$results/build.slnf"
  {
    printf '{ "solution": { "path": "%s", "projects": [' "$root/LoveCard.sln"
    grep -E '^Project\(' LoveCard.sln | awk -F'"' '$6 ~ /proj$/ {print $6}' | tr '\\' '/' \
      | grep -vxF -f <(printf '%s\n' "${started[@]}") | sed 's/.*/"&"/' | paste -sd,
    printf '] } }\n'
  } >"$build"
fi
echo "Building..."
if ! dotnet build "$build" --no-restore -nologo -clp:ErrorsOnly -v:q; then
  stop_runs
  echo "!!! Build failed."
  exit 1
fi
wait "$format_check" || true
[[ -z "$openapi_tools" ]] || wait "$openapi_tools" || true
if [[ "$(cat "$results/format.status")" != 0 ]]; then
  grep -v '^Checked ' "$results/format.log" | head -20
  stop_runs
  echo "!!! Format check failed: these files are not formatted. Run: dotnet tool restore && dotnet csharpier format ."
  exit 1
fi

echo "Phase 1: every project that uses the servers, $jobs_at_once at a time"
for line in "${rest[@]}"; do
  [[ -n "$line" ]] || continue
  start_run "$line"
  running=$((running + 1))
  if ((running >= jobs_at_once)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

# Phase 2: the disruptive tests one project at a time, and beside them the projects that need no server.
if ((${#serverless[@]} > 0)); then
  echo "Phase 2 (beside the disruptive tests): the projects that use neither server"
  for project in "${serverless[@]}"; do
    name="$(basename "$project" .csproj)"
    run_project "$project" "$name" "$(combined_filter "TestCategory!=Disruptive")" "$suffix" &
  done
fi
if ((${#disruptive_projects[@]} > 0)); then
  echo "Phase 2: the tests that stop or kill the shared servers, alone (no other test uses the servers now)"
  # Phase 1's vhosts are done with; the broker restarts below would otherwise recover all their queues.
  done_vhosts=()
  for vhost in "${fresh_vhosts[@]}"; do
    [[ "$vhost" == *"-$disruptive_suffix" ]] || done_vhosts+=("$vhost")
  done
  bash deploy/local/infra.sh drop-test-vhosts "${done_vhosts[@]}" >/dev/null || true
  for project in "${disruptive_projects[@]}"; do
    name="$(basename "$project" .csproj)"
    run_project "$project" "$name.disruptive" "$(combined_filter "TestCategory=Disruptive")" "$disruptive_suffix"
  done
fi
wait || true

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
