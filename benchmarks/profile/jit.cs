#:package Microsoft.Diagnostics.Tracing.TraceEvent@3.2.8
// Reads a trace of the runtime's JIT events (`dotnet-trace collect --providers
// Microsoft-Windows-DotNETRuntime:0x10:5`, as `during-r1.sh` takes it) and prints which methods were compiled in the
// window: by tier (tier 0, instrumented, tier 1, OSR, or a dynamic method made at run time, which has no tier), by
// namespace, and the methods themselves, most compiled first. A method compiled again and again with the same name
// (a dynamic method per call) or a stream of new generic instantiations is what to look for.
//   dotnet run benchmarks/profile/jit.cs -- jit.nettrace [purchases]
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

var path = args[0];
var purchases = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
var byTier = new Dictionary<string, int>();
var byNamespace = new Dictionary<string, int>();
var byMethod = new Dictionary<string, int>();
var dynamicMethods = new Dictionary<string, int>();
var total = 0;
using (var source = new EventPipeEventSource(path))
{
    source.Clr.MethodLoadVerbose += e =>
    {
        if ((e.MethodFlags & MethodFlags.Jitted) == 0 && (e.MethodFlags & MethodFlags.Dynamic) == 0)
        {
            return; // ReadyToRun or NGen code being loaded, not compiled.
        }

        total++;
        var tier =
            (e.MethodFlags & MethodFlags.Dynamic) != 0 ? "dynamic (made at run time)" : e.OptimizationTier.ToString();
        Add(byTier, tier);
        Add(byNamespace, Namespace(e.MethodNamespace));
        Add(byMethod, $"[{tier}] {e.MethodNamespace}::{e.MethodName}");
        if ((e.MethodFlags & MethodFlags.Dynamic) != 0)
        {
            Add(dynamicMethods, $"{e.MethodNamespace}::{e.MethodName} {e.MethodSignature}");
        }
    };
    source.Process();
}

Console.WriteLine($"{total} methods compiled" + (purchases > 0 ? $", {total / purchases:F2} per purchase" : ""));
Print("by tier", byTier, 20);
Print("by namespace (three segments)", byNamespace, 30);
Print("methods", byMethod, 60);
Print("dynamic methods (IL made at run time: Dapper, Regex, Expression.Compile)", dynamicMethods, 60);

void Print(string title, Dictionary<string, int> counts, int top)
{
    Console.WriteLine($"\n## {title}\n\n| count | share | what |\n| --- | --- | --- |");
    foreach (var (name, count) in counts.OrderByDescending(kv => kv.Value).Take(top))
    {
        Console.WriteLine($"| {count} | {100.0 * count / Math.Max(1, total):F1} % | `{name.Replace("|", "\\|")}` |");
    }
}

static void Add(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

static string Namespace(string type)
{
    var name = type.Split('[', '`', '<')[0];
    return string.Join('.', name.Split('.').Take(3));
}
