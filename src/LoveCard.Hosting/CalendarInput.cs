using System.Globalization;

namespace LoveCard.Hosting;

/// <summary>
/// Days and months typed by a caller (<c>date=yyyy-MM-dd</c>, <c>period=yyyy-MM</c>), limited to the
/// years <see cref="FirstYear"/> to <see cref="LastYear"/>: a window on the Asia/Shanghai calendar
/// for <c>0001-01</c> or <c>9999-12</c> runs off the ends of .NET's instants, which answered 500
/// instead of 400 (finding S-3). No statement, total or statistic of this programme lies outside.
/// </summary>
public static class CalendarInput
{
    public const int FirstYear = 2000;
    public const int LastYear = 2199;

    /// <summary>How the bounds read in an error message.</summary>
    public static readonly string Range = $"{FirstYear} to {LastYear}";

    /// <summary>A day <c>yyyy-MM-dd</c> within the bounds.</summary>
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
        && InRange(day);

    /// <summary>A month <c>yyyy-MM</c> within the bounds, as its first day.</summary>
    public static bool TryParseMonth(string? text, out DateOnly first)
    {
        first = default;
        return text is { Length: 7 }
            && DateOnly.TryParseExact(
                text + "-01",
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out first
            )
            && InRange(first);
    }

    /// <summary>An instant (ISO 8601, UTC when no offset is given) within the bounds.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at)
        && at.Year is >= FirstYear and <= LastYear;

    private static bool InRange(DateOnly day) => day.Year is >= FirstYear and <= LastYear;
}
