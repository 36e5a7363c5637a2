#!/usr/bin/env python3
"""Combines one run's JSON files (benchmarks/results/<time>/) into summary.json and a markdown table."""
import json, os, re, subprocess, sys, datetime

out, clients, seconds, quick = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"

def load(name):
    p = os.path.join(out, name)
    return json.load(open(p)) if os.path.exists(p) else None

def tps(name):
    p = os.path.join(out, name)
    if not os.path.exists(p):
        return None
    m = re.findall(r"tps = ([0-9.]+)", open(p).read())
    return float(m[-1]) if m else None

def r(x, n=3):
    return None if x is None else round(x, n)

rows, figures = [], {}
r7 = load("r7.json")
if r7:
    figures["R7"] = {"ratio": r7["ratio"], "goal": ">= 0.3", "pass": r7["ratio"] >= 0.3,
                     "project": f'{r7["platform"]["eventsPerSecond"]} events/s', "reference": f'{r7["reference"]["messagesPerSecond"]} msg/s',
                     "cpu": load("r7.cpu.json"), "detail": r7}
r5 = load("r5.json")
if r5:
    figures["R5"] = {"ratio": r5["ratio"], "goal": "<= 3", "pass": r5["ratio"] <= 3,
                     "project": f'{r5["import"]["seconds"]} s ({r5["import"]["eldersPerSecond"]} elders/s); every card after {r5["cardsProvisionedSeconds"]} s',
                     "reference": f'COPY {r5["reference"]["seconds"]} s ({r5["reference"]["rowsPerSecond"]} rows/s)', "cpu": load("r5.cpu.json"), "detail": r5}
p = load("r1-purchases.json")
t1, t2 = tps("r1-pgbench.log"), tps("r2-pgbench.log")
if p and t1:
    ratio = p["throughputPerSecond"] / t1
    ok = ratio >= 0.6 and p["errorRate"] < 0.001
    figures["R1"] = {"ratio": r(ratio), "goal": ">= 0.6 at < 0.1 % errors", "pass": ok,
                     "project": f'{p["throughputPerSecond"]} purchases/s, errors {p["errorRate"]*100:.3f} %, p99 {p["latency"]["p99Ms"]} ms',
                     "reference": f"pgbench TPC-B {t1:.1f} tps", "cpu": load("r1-purchases.cpu.json"), "referenceCpu": load("r1-pgbench.cpu.json"),
                     "perPurchase": (load("r1-purchases.db.json") or {}).get("perPurchase"),
                     "perPurchaseSteady": (load("r1-purchases.steady.db.json") or {}).get("perPurchase"), "detail": p}
if p and t2:
    ratio = p["throughputPerSecond"] / t2
    figures["R2"] = {"ratio": r(ratio), "goal": ">= 0.7", "pass": ratio >= 0.7,
                     "project": f'{p["throughputPerSecond"]} purchases/s', "reference": f"pgbench purchase.sql {t2:.1f} tps",
                     "cpu": load("r1-purchases.cpu.json"), "referenceCpu": load("r2-pgbench.cpu.json"),
                     "referencePerTransaction": (load("r2-pgbench.db.json") or {}).get("perPurchase")}
p3, g3 = load("r3-purchases.json"), load("r3-pgbench.json")
if p3 and g3 and g3.get("p99Ms"):
    ratio = p3["latency"]["p99Ms"] / g3["p99Ms"]
    figures["R3"] = {"ratio": r(ratio), "goal": "<= 3", "pass": ratio <= 3 and p3["errorRate"] < 0.001,
                     "project": f'p99 {p3["latency"]["p99Ms"]} ms at {p3["targetRate"]}/s (p50 {p3["latency"]["p50Ms"]} ms, errors {p3["errorRate"]*100:.3f} %)',
                     "reference": f'pgbench --rate p99 {g3["p99Ms"]} ms (p50 {g3["p50Ms"]} ms)', "detail": {"purchases": p3, "pgbench": g3}}
r4 = load("r4.json")
if r4:
    figures["R4"] = {"ratio": None, "goal": "p99 <= 250 ms", "pass": r4["pass"],
                     "project": f'p50 {r4["latency"]["p50Ms"]} ms, p99 {r4["latency"]["p99Ms"]} ms over {r4["repeats"]}', "reference": "—", "detail": r4}

# run.sh sets BENCH_COMMIT (the commit exported, or the HEAD of the git directory given).
commit = os.environ.get("BENCH_COMMIT") or subprocess.run(
    ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
summary = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": commit, "quick": quick, "clients": clients, "seconds": seconds,
    # run.sh exports how it built the services: r2r (published ReadyToRun, as deployed; ADR 0058) or jit.
    "services": os.environ.get("BENCH_JIT", "jit"),
    "cores": os.cpu_count(), "loadAverage": open("/proc/loadavg").read().split()[:3],
    "invariants": "held" if os.path.exists(os.path.join(out, "invariants.log")) else "not run (no purchase benchmark)",
    "figures": figures,
}
json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2)

print(f'## LoveCard benchmarks {summary["date"]} (commit {commit}, services {summary["services"]}, {"--quick" if quick else "full"}, {clients} clients, {seconds} s, load avg {" ".join(summary["loadAverage"])})\n')
print("| id | project | reference (same run) | ratio | goal | pass |")
print("| --- | --- | --- | --- | --- | --- |")
for k in ["R1", "R2", "R3", "R4", "R5", "R7"]:
    if k in figures:
        f = figures[k]
        print(f'| {k} | {f["project"]} | {f["reference"]} | {f["ratio"] if f["ratio"] is not None else "—"} | {f["goal"]} | {"yes" if f["pass"] else "**no**"} |')
print()
for k, f in figures.items():
    if f.get("cpu") or f.get("referenceCpu"):
        print(f'- {k} CPU (cores busy): project {f.get("cpu")}, reference {f.get("referenceCpu")}')
# Cost per purchase (benchmarks/run.sh db_sample and metrics_sample): what moved in the database and
# in the services between before the closed-loop run and after it drained, divided by the purchases.
keys = ["xact_commit", "xact_rollback", "tup_inserted", "tup_updated", "tup_deleted", "wal_records", "wal_bytes", "wal_sync",
        "settlement:npgsql_operations", "settlement:npgsql_bytes_written", "settlement:npgsql_bytes_read", "settlement:allocated_bytes",
        "settlement:cpu_ms", "settlement:jit_ms", "settlement:jit_methods", "cards:cpu_ms", "eligibility:cpu_ms",
        "whitelist:cpu_ms"]
pp = (figures.get("R1") or {}).get("perPurchase")
ps = (figures.get("R1") or {}).get("perPurchaseSteady")
rp = (figures.get("R2") or {}).get("referencePerTransaction")
if pp or rp:
    # The whole run (warm-up included) is the figure the goals are judged on; the steady state starts after the
    # warm-up (ADR 0050), so the difference is mostly the JIT's and the first connections' work.
    print("\n| per purchase (R1 closed loop, downstream work included) | whole run (of record) | steady state "
          "| per R2 pgbench transaction |")
    print("| --- | --- | --- | --- |")
    for k in keys:
        if (pp and k in pp) or (rp and k in rp):
            print(f'| {k} | {(pp or {}).get(k, "—")} | {(ps or {}).get(k, "—")} | {(rp or {}).get(k, "—")} |')
    rows_moved = sorted(((k, v) for k, v in (pp or {}).items() if k.startswith("rows:")), key=lambda kv: -kv[1])
    if rows_moved:
        print("\nRows written per purchase, by table: " + ", ".join(f"{k[5:]} {v}" for k, v in rows_moved[:14]))
print(f'\nInvariants: {summary["invariants"]}')
