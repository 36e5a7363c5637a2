#!/usr/bin/env bash
# R6 (docs/benchmarks.md, BENCHMARKS.md): month statements for every provider of a county with
# 1,000,000 purchases against one SQL GROUP BY over the same rows, in the same run.
# Needs the local PostgreSQL (bash deploy/local/infra.sh up). Writes results/r6-<time>.json and
# results/latest.json, and prints a table and the ratio (goal <= 2x).
# The scratch schema is dropped at the end unless R6_KEEP=1.
# Knobs: R6_PURCHASES (1000000), R6_PROVIDERS (200), R6_ROUNDS (5, for the GROUP BY, the county summary and the 200
# per-provider statements; the CSV downloads are one round), R6_PG.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mkdir -p "$here/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dotnet build "$here/R6Statements.csproj" -c Release --artifacts-path "$root/artifacts/bench-r6" -v quiet -nologo >/dev/null
R6_OUTPUT="$here/results/r6-$stamp.json" dotnet "$root/artifacts/bench-r6/bin/R6Statements/release/R6Statements.dll"
cp "$here/results/r6-$stamp.json" "$here/results/latest.json"
