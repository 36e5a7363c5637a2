using System.Globalization;

namespace LoveCard.Console.Formatting;

/// <summary>
/// Every time on screen is Asia/Shanghai as <c>yyyy-MM-dd HH:mm</c> (issue 16). China has no daylight
/// saving, so the offset is the constant +08:00, whatever the server's time zone.
/// </summary>
public static class ShanghaiTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static string Format(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset? instant) => instant is { } i ? Format(i) : "—";

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? day) => day is { } d ? Date(d) : "—";

    public static DateOnly Today(TimeProvider time) =>
        DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Offset).DateTime);

    /// <summary><c>yyyy-MM</c> of the Shanghai month an instant falls in.</summary>
    public static string Period(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>"2026-12" → "2026年12月".</summary>
    public static string PeriodLabel(string period) =>
        period.Length == 7 ? $"{period[..4]}年{int.Parse(period[5..], CultureInfo.InvariantCulture)}月" : period;

    /// <summary>A Shanghai wall-clock day and time as the instant the services expect.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), Offset);

    /// <summary>Remaining seconds as 约 3 分 20 秒.</summary>
    public static string Duration(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0)
        {
            return "—";
        }

        var s = (long)Math.Ceiling(seconds);
        return s switch
        {
            < 60 => $"约 {s} 秒",
            < 3600 => $"约 {s / 60} 分 {s % 60} 秒",
            _ => $"约 {s / 3600} 小时 {s % 3600 / 60} 分",
        };
    }
}
