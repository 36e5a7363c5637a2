#!/usr/bin/env bash
# Runs the whole LoveCard test suite against a real PostgreSQL and RabbitMQ (started here if they
# are not running), one test project at a time, and closes with "N passed, N failed" summed from
# the test results. Exits non-zero on any failure, or when no test ran.
#
#   deploy/local/test.sh                      # everything
#   LOVECARD_TEST_FILTER='FullyQualifiedName~Cards' deploy/local/test.sh
#   LOVECARD_TEST_SUFFIX=mine deploy/local/test.sh   # own databases and vhosts, beside someone else's run
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

bash deploy/local/infra.sh up

# Each test project has its own RabbitMQ vhost (and creates its own database), made afresh per run,
# so no project sees another's messages or rows, nor a previous run's.
projects=(tests/*.Tests/*.Tests.csproj)
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  short="$(echo "${name#LoveCard.}" | tr '.' '-' | tr '[:upper:]' '[:lower:]')"
  bash deploy/local/infra.sh reset-test-vhost "lovecard-test-$short${LOVECARD_TEST_SUFFIX:+-$LOVECARD_TEST_SUFFIX}" >/dev/null
done

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "Building..."
dotnet build LoveCard.sln -nologo -clp:ErrorsOnly -v:q

status=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "=== $name"
  args=(test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results")
  if [[ -n "${LOVECARD_TEST_FILTER:-}" ]]; then
    args+=(--filter "$LOVECARD_TEST_FILTER")
  fi
  if ! dotnet "${args[@]}"; then
    status=1
  fi
  if [[ ! -f "$results/$name.trx" ]]; then
    echo "!!! $name produced no test results (the test host crashed?)"
    status=1
  fi
done

passed=0
failed=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
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
