#!/usr/bin/env bash
# Profiles settlement during the next R1 closed-loop run of benchmarks/run.sh (docs/benchmarks.md, "Profiling"):
# waits for the run's "R1/R2: closed-loop" line and its load generator, lets the warm-up pass, then takes an
# allocation trace (dotnet-trace gc-verbose), a trace of the JIT's compilations and a CPU profile (perf) one after the
# other, each for SECS seconds (PROFILE_PERF=0 leaves the perf profile out).
#   DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 BENCH_SECONDS=30 benchmarks/run.sh r1 --quick &
#   benchmarks/profile/during-r1.sh benchmarks/results 10 /tmp/profile
# Then: dotnet run benchmarks/profile/allocations.cs -- /tmp/profile/settlement.nettrace
#       dotnet run benchmarks/profile/jit.cs -- /tmp/profile/jit.nettrace
#       perf script -i /tmp/profile/perf.data | python3 benchmarks/profile/perf_split.py
# Needs dotnet-trace (dotnet tool install -g dotnet-trace --version 10.0.750501) and perf.
set -euo pipefail
results="$1" secs="${2:-10}" dest="${3:-/tmp/profile}"
mkdir -p "$dest"
started="$(date +%s)"
log=""
until [[ -n "$log" ]] && grep -q 'R1/R2: closed-loop' "$log"; do
  sleep 1
  log="$(find "$results" -maxdepth 2 -name run.log -newermt "@$started" 2>/dev/null | sort | tail -n 1 || true)"
  [[ -n "$log" ]] || log="$(ls -t "$results"/*/run.log 2>/dev/null | head -n 1 || true)"
done
# The line comes before the counters are sampled: wait for the load generator itself.
until pgrep -f 'lovecard-loadtest[.]dll load .*--mode closed' >/dev/null; do sleep 0.2; done
pid="$(ss -ltnpH 'sport = :5204' | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)"
warmup="$(grep -o '+[0-9]* s warm-up' "$log" | tail -n 1 | tr -dc 0-9)"
echo "[profile] settlement pid $pid; waiting ${warmup:-3} s of warm-up (+1)" >&2
sleep "$(( ${warmup:-3} + 1 ))"
PATH="$PATH:$HOME/.dotnet/tools" dotnet-trace collect -p "$pid" --profile gc-verbose \
  --duration "00:00:00:$(printf '%02d' "$secs")" -o "$dest/settlement.nettrace" >"$dest/trace.log" 2>&1 || true
PATH="$PATH:$HOME/.dotnet/tools" dotnet-trace collect -p "$pid" --providers Microsoft-Windows-DotNETRuntime:0x10:5 \
  --duration "00:00:00:$(printf '%02d' "$secs")" -o "$dest/jit.nettrace" >"$dest/jit.log" 2>&1 || true
if [[ "${PROFILE_PERF:-1}" != 0 ]]; then
  perf record -F 499 -g -p "$pid" -o "$dest/perf.data" -- sleep "$secs" >"$dest/perf.log" 2>&1 || true
fi
cp "/tmp/perf-$pid.map" "$dest/" 2>/dev/null || true
echo "[profile] done: $dest" >&2
