#!/usr/bin/env bash
# The heavy fault tests F1–F6 (issue 9; docs/reliability.md "Fault tests"): the same NUnit tests
# as CI's light variants, with longer outages and more load (LOVECARD_FAULT_PROFILE=heavy):
# RabbitMQ down 45 s, PostgreSQL down 20 s, three crashes after commit, 400 racing purchases,
# 600 purchases through the lossy proxy. Prints the results table (paste it into docs/reliability.md).
#
#   benchmarks/faults/run.sh                 # all six, heavy (about 12 minutes)
#   benchmarks/faults/run.sh F2              # one of them
#   LOVECARD_FAULT_PROFILE=light benchmarks/faults/run.sh   # the CI variants
#
# F1 and F2 stop the shared broker and database on this machine: tell the others before you run it.
# Both are always restarted (the tests start them again in a finally; this script checks once more).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

export LOVECARD_FAULT_PROFILE="${LOVECARD_FAULT_PROFILE:-heavy}"
artifacts="artifacts/fault"
results="$root/$artifacts/fault-results-$LOVECARD_FAULT_PROFILE.md"
export LOVECARD_FAULT_RESULTS="$results"
filter="FullyQualifiedName~LoveCard.Fault.Tests"
if [[ $# -gt 0 ]]; then
  filter="FullyQualifiedName~.$1_"
fi

# tc netem would be the honest loopback fault for F6, but it slows loopback for everyone and the
# kernel here has no netem qdisc ("Specified qdisc kind is unknown"): F6 uses its TCP proxy instead.
if command -v tc >/dev/null && tc qdisc add dev lo root netem delay 1ms 2>/dev/null; then
  tc qdisc del dev lo root 2>/dev/null || true
  echo "note: this kernel has netem; F6 still uses its proxy so other users of loopback are not slowed"
fi

restore() {
  bash deploy/local/infra.sh start-postgres >/dev/null 2>&1 || echo "!!! could not start PostgreSQL: run deploy/local/infra.sh start-postgres" >&2
  bash deploy/local/infra.sh start-rabbit >/dev/null 2>&1 || echo "!!! could not start RabbitMQ: run deploy/local/infra.sh start-rabbit" >&2
}
trap restore EXIT

bash deploy/local/infra.sh up >/dev/null
bash deploy/local/infra.sh reset-test-vhost lovecard-test-fault-tests >/dev/null
dotnet build tests/LoveCard.Fault.Tests --artifacts-path "$artifacts" -nologo -clp:ErrorsOnly -v:q
rm -f "$results"

status=0
dotnet test tests/LoveCard.Fault.Tests --artifacts-path "$artifacts" --no-build -nologo \
  --filter "$filter" --logger "console;verbosity=normal" --results-directory "$artifacts/test-results" || status=$?

echo
echo "| fault | profile | when | what | counts | notes |"
echo "| --- | --- | --- | --- | --- | --- |"
cat "$results" 2>/dev/null || echo "(no results written)"
echo
echo "settlement logs: $artifacts/bin/LoveCard.Fault.Tests/debug/fault-logs/"
exit "$status"
