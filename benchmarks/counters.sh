# Sourced by benchmarks/run.sh: the cost counters sampled before and after a purchase run (docs/benchmarks.md,
# "Evidence recorded beside the figures"). Uses $bench_db and the service ports in ${port[@]} of run.sh.
#   db_sample file                       the database's counters (transactions, rows, WAL), written to file
#   metrics_sample file                  each service's /metrics counters (CostCounters), appended
#   approved_sample file                 approved purchases in the database so far, appended
#   db_split before after purchases      JSON {counter: per purchase}, only what moved
#   wait_sample db seconds file          what the database's active backends waited on

# Database-wide counters of the benchmark database (transactions, rows, WAL): sampled before a load
# and after it has drained, the difference divided by the purchases made is the cost per purchase,
# downstream work included (relay, audit and statistics consumers). pg_stat_statements cannot be
# loaded here, so statements are counted by the service's own Npgsql metrics where recorded.
db_sample() {  # $1 file
  psql -d "$bench_db" -Atc "SELECT pg_stat_force_next_flush()" >/dev/null 2>&1 || true
  psql -d "$bench_db" -AtF' ' -c "
    SELECT 'xact_commit', xact_commit FROM pg_stat_database WHERE datname = '$bench_db'
    UNION ALL SELECT 'xact_rollback', xact_rollback FROM pg_stat_database WHERE datname = '$bench_db'
    UNION ALL SELECT 'tup_inserted', tup_inserted FROM pg_stat_database WHERE datname = '$bench_db'
    UNION ALL SELECT 'tup_updated', tup_updated FROM pg_stat_database WHERE datname = '$bench_db'
    UNION ALL SELECT 'tup_deleted', tup_deleted FROM pg_stat_database WHERE datname = '$bench_db'
    UNION ALL SELECT 'tup_fetched', tup_fetched FROM pg_stat_database WHERE datname = '$bench_db'
    UNION ALL SELECT 'tup_returned', tup_returned FROM pg_stat_database WHERE datname = '$bench_db'
    UNION ALL SELECT 'wal_records', wal_records FROM pg_stat_wal
    UNION ALL SELECT 'wal_bytes', wal_bytes::bigint FROM pg_stat_wal
    UNION ALL SELECT 'wal_sync', wal_sync FROM pg_stat_wal
    UNION ALL SELECT 'rows:' || schemaname || '.' || relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables
    UNION ALL SELECT 'scans:' || schemaname || '.' || relname, seq_scan + coalesce(idx_scan, 0) FROM pg_stat_user_tables" >"$1" 2>/dev/null || true
}
db_split() {  # $1 before-file, $2 after-file, $3 purchases -> JSON {counter: per purchase}, only what moved
  python3 - "$1" "$2" "$3" <<'PY'
import sys, json
def load(p): return {l.rsplit(" ", 1)[0]: float(l.rsplit(" ", 1)[1]) for l in open(p) if l.strip()}
a, b, n = load(sys.argv[1]), load(sys.argv[2]), max(1.0, float(sys.argv[3]))
d = {k: round((b[k] - a.get(k, 0)) / n, 2) for k in sorted(b) if b[k] != a.get(k, 0)}
print(json.dumps({"purchases": int(n), "perPurchase": d}, indent=1))
PY
}
# Counters the services export on /metrics (LoveCard.Hosting's CostCounters): Npgsql operations (one per
# command or batch, that is one per round trip), bytes to and from PostgreSQL, bytes allocated, CPU in
# milliseconds and HTTP requests, per service; appended to a db_sample file.
metrics_sample() {  # $1 file
  # The four scrapes at once: one after the other they took tens of seconds on a loaded machine mid-run.
  local name dir scrapes=()
  dir="$(mktemp -d)"
  for name in cards eligibility whitelist settlement; do
    curl -s -m 10 "http://127.0.0.1:${port[$name]}/metrics" >"$dir/$name" 2>/dev/null &
    scrapes+=($!)
  done
  # These four only: a bare wait would also wait for the services, which run.sh started in the background.
  wait "${scrapes[@]}" || true
  for name in cards eligibility whitelist settlement; do
    metrics_parse "$name" <"$dir/$name"
  done >>"$1"
  rm -rf "$dir"
}

# Approved purchases in the database so far: the steady-state window's purchases (approved.txt is written at the end).
approved_sample() {  # $1 file (appended)
  psql -d "$bench_db" -AtF' ' >>"$1" 2>/dev/null \
    -c "SELECT 'approved_purchases', count(*) FROM settlement.purchases WHERE status = 'approved'" || true
}

# Samples what active backends of a database wait on, every 0.5 s, for $2 seconds (evidence of lock
# contention versus CPU); writes "count wait_event_type:wait_event" lines.
wait_sample() {
  local db="$1" secs="$2" file="$3"
  local end=$((SECONDS + secs))
  : >"$file.raw"
  while ((SECONDS < end)); do
    psql -d "$db" -Atc "SELECT coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, 'running') FROM pg_stat_activity WHERE datname = '$db' AND state = 'active' AND pid <> pg_backend_pid()" >>"$file.raw" 2>/dev/null || true
    sleep 0.5
  done
  sort "$file.raw" | uniq -c | sort -rn >"$file"
  rm -f "$file.raw"
}

# A service's /metrics text (stdin) -> "<service>:<counter> <value>" lines of the counters the cost is read from.
metrics_parse() {  # $1 service name
  python3 -c '
import sys, re
want = {"lovecard_npgsql_operations_total": "npgsql_operations", "lovecard_npgsql_bytes_written_total": "npgsql_bytes_written",
        "lovecard_npgsql_bytes_read_total": "npgsql_bytes_read", "lovecard_allocated_bytes_total": "allocated_bytes",
        "http_requests_received_total": "http_requests", "process_cpu_seconds_total": "cpu_ms",
        "lovecard_jit_compilation_seconds_total": "jit_ms", "lovecard_jit_compiled_methods_total": "jit_methods"}
sums = {}
for line in sys.stdin:
    m = re.match(r"^([a-z_]+)(\{.*\})? ([0-9.eE+-]+)$", line.strip())
    if m and m.group(1) in want:
        sums[want[m.group(1)]] = sums.get(want[m.group(1)], 0) + float(m.group(3))
for k, v in sorted(sums.items()):
    scale = 1000 if k in ("cpu_ms", "jit_ms") else 1
    print(f"{sys.argv[1]}:{k} {v * scale:.0f}")
' "$1" || true
}
