#!/usr/bin/env python3
"""CPU seconds used so far, by process group: postgres, rabbitmq (beam), pgbench, and each dotnet process
named by what it runs (settlement, cards, eligibility, whitelist, loadtest, or dotnet-other for the
builds and tests of other people on a shared machine). Children already reaped count for their parent
(cutime/cstime), so PostgreSQL backends that exited are not lost. Prints "group seconds" lines;
run.sh takes two samples and divides the difference by the time between them (cores busy)."""
import os, re

tck = os.sysconf("SC_CLK_TCK")
groups = {}
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        stat = open(f"/proc/{pid}/stat").read()
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        # utime, stime, cutime, cstime are fields 14-17 (1-based) of stat; fields[] starts at field 3
        secs = sum(int(x) for x in fields[11:15]) / tck
        if comm.startswith("postgres"):
            g = "postgres"
        elif comm.startswith("beam"):
            g = "rabbitmq"
        elif comm.startswith("pgbench"):
            g = "pgbench"
        elif comm.startswith("dotnet") or comm.startswith("LoveCard"):
            cmd = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
            m = re.search(r"LoveCard\.(Cards|Eligibility|Whitelist|Settlement)\.dll", cmd)
            if m:
                g = "dotnet-" + m.group(1).lower()
            elif "lovecard-loadtest" in cmd:
                g = "dotnet-loadtest"
            else:
                g = "dotnet-other"
        else:
            g = "other"
    except (OSError, ValueError):
        continue
    groups[g] = groups.get(g, 0.0) + secs
for g, s in sorted(groups.items()):
    print(f"{g} {s:.2f}")
