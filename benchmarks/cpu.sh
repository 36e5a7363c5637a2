# Sourced by benchmarks/run.sh and benchmarks/r5/run.sh: CPU used between two samples, by process group.
#   cpu_sample >file                       CPU seconds so far per group (benchmarks/cpu_sample.py)
#   cpu_split before after seconds         JSON {group: cores busy}, plus "dotnet" = every dotnet-* group
cpu_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cpu_sample() { python3 "$cpu_dir/cpu_sample.py"; }
cpu_split() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys, json
def load(p): return {l.split()[0]: float(l.split()[1]) for l in open(p) if l.strip()}
a, b, s = load(sys.argv[1]), load(sys.argv[2]), float(sys.argv[3])
d = {g: round((b.get(g, 0) - a.get(g, 0)) / s, 2) for g in sorted(set(a) | set(b))}
d["dotnet"] = round(sum(v for g, v in d.items() if g.startswith("dotnet-")), 2)
print(json.dumps(d))
PY
}
