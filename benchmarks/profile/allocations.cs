#:package Microsoft.Diagnostics.Tracing.TraceEvent@3.2.8
// Reads a `dotnet-trace collect --profile gc-verbose` trace (AllocationTick: one event per ~100 KB allocated, with
// the type of the object that crossed the mark and the stack) and prints the allocations by type, by the nearest
// LoveCard method on the stack and by the libraries on the stack (inclusive), each as a share of the sampled bytes.
//   dotnet run benchmarks/profile/allocations.cs -- settlement.nettrace [purchases]
// With the purchases of the traced window, bytes are also given per purchase (the sample's bytes are exact in sum).
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

var path = args[0];
var purchases = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
var etlx = TraceLog.CreateFromEventPipeDataFile(path);
using var log = new TraceLog(etlx);
var byType = new Dictionary<string, long>();
var byLoveCard = new Dictionary<string, long>();
var byLeaf = new Dictionary<string, long>();
var byLibrary = new Dictionary<string, long>();
long total = 0,
    ticks = 0;
foreach (var e in log.Events)
{
    if (e is not GCAllocationTickTraceData a)
    {
        continue;
    }

    var bytes = a.AllocationAmount64;
    total += bytes;
    ticks++;
    Add(byType, a.TypeName ?? "?", bytes);
    string? leaf = null,
        lovecard = null;
    var libraries = new HashSet<string>();
    for (var frame = e.CallStack(); frame is not null; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(name))
        {
            continue;
        }

        leaf ??= name;
        if (lovecard is null && name.StartsWith("LoveCard.", StringComparison.Ordinal))
        {
            lovecard = name;
        }

        libraries.Add(Library(name));
    }

    Add(byLeaf, leaf ?? "(no managed frame)", bytes);
    Add(byLoveCard, lovecard ?? "(no LoveCard frame)", bytes);
    foreach (var library in libraries)
    {
        Add(byLibrary, library, bytes);
    }
}

Console.WriteLine($"{ticks} allocation ticks, {total / 1048576.0:F1} MB sampled" + PerPurchase(total));
Print("by type", byType, 25);
Print("by the allocating method (innermost managed frame)", byLeaf, 25);
Print("by the nearest LoveCard method on the stack", byLoveCard, 25);
Print("by library on the stack (inclusive: a tick counts for every library on its stack)", byLibrary, 25);

void Print(string title, Dictionary<string, long> counts, int top)
{
    Console.WriteLine(
        $"\n## {title}\n\n| share | bytes{(purchases > 0 ? " per purchase" : "")} | what |\n| --- | --- | --- |"
    );
    foreach (var (name, bytes) in counts.OrderByDescending(kv => kv.Value).Take(top))
    {
        var shown = purchases > 0 ? $"{bytes / purchases / 1024:F1} KB" : $"{bytes / 1024} KB";
        Console.WriteLine($"| {100.0 * bytes / total:F1} % | {shown} | `{name.Replace("|", "\\|")}` |");
    }
}

string PerPurchase(long bytes) => purchases > 0 ? $", {bytes / purchases / 1024:F1} KB per purchase" : "";

static void Add(Dictionary<string, long> counts, string key, long bytes) =>
    counts[key] = counts.GetValueOrDefault(key) + bytes;

// The namespace of a method, at most three segments (System.Text.Json, Microsoft.AspNetCore.Server, Npgsql, …).
static string Library(string method)
{
    var parts = method.Split('(')[0].Split('.');
    var ns = parts.Length > 2 ? parts[..^2] : parts[..1];
    return string.Join('.', ns.Take(3));
}
