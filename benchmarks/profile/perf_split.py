#!/usr/bin/env python3
"""Splits a `perf record -g` profile of one .NET process by where its CPU went.

    perf record -F 499 -g -p <pid> -o perf.data -- sleep 12     # the service started with DOTNET_PerfMapEnabled=1
    perf script -i perf.data | python3 benchmarks/profile/perf_split.py

Managed frames are named from /tmp/perf-<pid>.map (DOTNET_PerfMapEnabled=1; with W^X on, the default, perf names
them memfd:doublemapper instead, so start the process with DOTNET_EnableWriteXorExecute=0 as well). Prints the
share of samples by the leaf frame's kind (JIT compiler, runtime, managed code, kernel, native libraries),
inclusive shares (a sample counts for the JIT when the compiler is anywhere on its stack) and the hottest methods.
"""
import collections, re, sys

frame_re = re.compile(r"^\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$")


def kind(sym, dso):
    if "libclrjit" in dso:
        return "JIT compiler (libclrjit)"
    if "libcoreclr" in dso:
        return "runtime (libcoreclr: GC, type loader, stubs)"
    if "perf-" in dso and dso.endswith(".map") or "memfd:doublemapper" in dso:
        return "managed code (JIT-compiled)"
    if dso.endswith(".dll") or ".r2r" in dso or "/shared/Microsoft." in dso:
        return "managed code (ReadyToRun)"
    if "kernel" in dso:
        return "kernel"
    if "libc.so" in dso or "libc-" in dso or "ld-linux" in dso:
        return "libc"
    return "other native (" + dso.rsplit("/", 1)[-1] + ")"


def namespace(sym):
    # perf map names: "instance void [Npgsql] Npgsql.SqlQueryParser::ParseRawQuery(...)[OptimizedTier1]+0x1328"
    head = sym.split("::")[0] if "::" in sym else sym.split("(")[0]
    type_name = head.split(" ")[-1].split("`")[0].split("[")[0]
    parts = type_name.split(".")
    return ".".join(parts[:-1][:3]) or type_name


def tier(sym):
    m = re.search(r"\[(Tier0|Tier1|OptimizedTier1|Optimized|Instrumented\w*|PreJIT|QuickJitted\w*|OSR)\]", sym)
    return m.group(1) if m else "stub or unnamed"


samples = 0
leaf_kind = collections.Counter()
incl_kind = collections.Counter()
leaf_method = collections.Counter()
leaf_tier = collections.Counter()
incl_ns = collections.Counter()
stack = []


def flush():
    global samples
    if not stack:
        return
    samples += 1
    leaf_sym, leaf_dso = stack[0]
    leaf_kind[kind(leaf_sym, leaf_dso)] += 1
    if kind(leaf_sym, leaf_dso).startswith("managed code (JIT"):
        leaf_tier[tier(leaf_sym)] += 1
    leaf_method[f"{leaf_sym} [{leaf_dso.rsplit('/', 1)[-1]}]"] += 1
    for k in {kind(s, d) for s, d in stack}:
        incl_kind[k] += 1
    for ns in {namespace(s) for s, d in stack if kind(s, d).startswith("managed")}:
        incl_ns[ns] += 1
    stack.clear()


for line in sys.stdin:
    if not line.strip():
        flush()
        continue
    if not line.startswith((" ", "\t")):
        flush()
        continue
    m = frame_re.match(line)
    if m:
        stack.append((m.group(2), m.group(3)))
flush()


def table(title, counter, top):
    print(f"\n## {title}\n\n| share | samples | what |\n| --- | --- | --- |")
    for name, n in counter.most_common(top):
        print(f"| {100.0 * n / max(1, samples):.1f} % | {n} | `{name}` |")


print(f"{samples} samples")
table("by the leaf frame's kind (self time)", leaf_kind, 20)
table("inclusive: anywhere on the stack", incl_kind, 20)
table("the code tier of JIT-compiled leaf frames (share of all samples)", leaf_tier, 10)
table("managed namespaces on the stack (inclusive)", incl_ns, 30)
table("hottest leaf frames", leaf_method, 30)
