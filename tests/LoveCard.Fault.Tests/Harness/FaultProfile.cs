using System.Globalization;

namespace LoveCard.Fault.Tests.Harness;

/// <summary>
/// Light (CI, the default: the whole project in about four minutes) or heavy
/// (<c>LOVECARD_FAULT_PROFILE=heavy</c>, set by <c>benchmarks/faults/run.sh</c>): the same tests with
/// longer outages and more load. Each test appends a line of counts to the results file, which the
/// heavy command prints and docs/reliability.md quotes.
/// </summary>
public static class FaultProfile
{
    public static bool Heavy { get; } =
        string.Equals(
            Environment.GetEnvironmentVariable("LOVECARD_FAULT_PROFILE"),
            "heavy",
            StringComparison.OrdinalIgnoreCase
        );

    public static string Name => Heavy ? "heavy" : "light";

    public static TimeSpan Pick(double lightSeconds, double heavySeconds) =>
        TimeSpan.FromSeconds(Heavy ? heavySeconds : lightSeconds);

    public static int Pick(int light, int heavy) => Heavy ? heavy : light;

    private static readonly object Gate = new();

    /// <summary>Appends one result line (markdown table row) to <c>fault-results-&lt;profile&gt;.md</c> beside the test
    /// assembly (or <c>LOVECARD_FAULT_RESULTS</c>).</summary>
    public static void Record(string fault, string what, FaultInvariants.Summary? summary, string notes)
    {
        var path = Environment.GetEnvironmentVariable("LOVECARD_FAULT_RESULTS") is { Length: > 0 } given
            ? given
            : Path.Combine(AppContext.BaseDirectory, $"fault-results-{Name}.md");
        var counts = summary is null
            ? ""
            : string.Create(
                CultureInfo.InvariantCulture,
                $"sent {summary.Sent}, approved {summary.Approved}, other answers {summary.OtherAnswers}, unanswered "
                    + $"{summary.Unanswered}; recorded {summary.RecordedPurchases}, audit {summary.AuditEntries}, "
                    + $"public {summary.PublicRows}"
            );
        var line = $"| {fault} | {Name} | {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z | {what} | {counts} | {notes} |";
        lock (Gate)
        {
            File.AppendAllLines(path, [line]);
        }

        TestContext.Progress.WriteLine(line);
    }
}
