using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LoveCard.Eligibility.Imports;

/// <summary>
/// Wall time per <see cref="ImportPhase"/> of one import run, written to the log when it ends: the
/// figures docs/benchmarks.md cites, measured rather than guessed. Thread-safe (the reader and the
/// writer run on different threads).
/// </summary>
public sealed class ImportPhases
{
    private readonly long[] _ticks = new long[Enum.GetValues<ImportPhase>().Length];

    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="started"/> to <paramref name="phase"/>; returns a new
    /// start.</summary>
    public long Add(ImportPhase phase, long started)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)phase], now - started);
        return now;
    }

    public double Seconds(ImportPhase phase) => (double)Interlocked.Read(ref _ticks[(int)phase]) / Stopwatch.Frequency;

    /// <summary><c>parse=1.23s wait_for_rows=0.10s …</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var phase in Enum.GetValues<ImportPhase>())
        {
            text.Append(text.Length == 0 ? "" : " ")
                .Append(Name(phase))
                .Append('=')
                .Append(Seconds(phase).ToString("F2", CultureInfo.InvariantCulture))
                .Append('s');
        }

        return text.ToString();
    }

    private static string Name(ImportPhase phase) =>
        phase switch
        {
            ImportPhase.WaitForRows => "wait_for_rows",
            ImportPhase.CopyElders => "copy_elders",
            _ => phase.ToString().ToLowerInvariant(),
        };
}
