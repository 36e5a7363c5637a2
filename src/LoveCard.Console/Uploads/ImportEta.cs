using LoveCard.Console.Api;
using LoveCard.Console.Formatting;

namespace LoveCard.Console.Uploads;

/// <summary>
/// What the progress bar shows: rows read of the total, the percentage and the time left at the current pace.
/// </summary>
public sealed record ImportEta(long Read, long? Total, double Percent, string TimeLeft)
{
    public static ImportEta Of(ImportProgress p, long? total)
    {
        var done = p.Status is "succeeded" or "failed";
        if (total is not { } t || t <= 0)
        {
            return new ImportEta(p.RowsRead, null, done ? 100 : 0, done ? "已结束" : "计算中…");
        }

        var percent = done ? 100 : Math.Min(99.9, Math.Round(100.0 * p.RowsRead / t, 1));
        var left =
            done ? "已结束"
            : p.RowsPerSecond > 0 ? ShanghaiTime.Duration((t - p.RowsRead) / p.RowsPerSecond)
            : p.Status == "queued" ? "排队中"
            : "计算中…";
        return new ImportEta(p.RowsRead, t, percent, left);
    }
}
