namespace LoveCard.Eligibility.Imports;

/// <summary>An import's percent and time left from its counters (issue 17: pending work people watch).</summary>
public static class ImportProgressMath
{
    public static double? Percent(string status, long rowsRead, long? rowsTotal) =>
        status switch
        {
            "succeeded" => 100,
            _ when rowsTotal is null => null,
            _ when rowsTotal == 0 => 0,
            // Capped below 100 until finished: the total is counted from lines, and the last rows still commit.
            _ => Math.Min(99.9, Math.Round(rowsRead * 100.0 / rowsTotal.Value, 1)),
        };

    /// <summary>Seconds left at the rate so far, for a running import whose total is known; else null.</summary>
    public static long? SecondsLeft(
        string status,
        long rowsRead,
        long? rowsTotal,
        DateTimeOffset? startedAt,
        DateTimeOffset now
    )
    {
        if (status != "running" || rowsTotal is not { } total || startedAt is not { } started || rowsRead <= 0)
        {
            return null;
        }

        var elapsed = (now - started).TotalSeconds;
        var rate = rowsRead / Math.Max(elapsed, 0.001);
        return (long)Math.Ceiling(Math.Max(0, total - rowsRead) / rate);
    }
}
