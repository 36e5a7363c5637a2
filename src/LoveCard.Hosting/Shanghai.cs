namespace LoveCard.Hosting;

/// <summary>
/// The Asia/Shanghai calendar decides days and months for money, caps, voids and statements
/// (DOMAIN.md §3). China has no daylight saving, so the offset is a constant +08:00; using it
/// directly keeps the rule independent of the machine's time-zone database.
/// </summary>
public static class Shanghai
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>A <c>timestamptz</c> that Dapper read as a UTC <see cref="DateTime"/>, shown in Shanghai
    /// time.</summary>
    public static DateTimeOffset FromUtc(DateTime utc) =>
        ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public static DateOnly Today(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    public static DateOnly Today(TimeProvider time) => Today(time.GetUtcNow());

    /// <summary>The first day of the instant's month, e.g. for caps and statement periods.</summary>
    public static DateOnly MonthStart(DateTimeOffset instant)
    {
        var day = Today(instant);
        return new DateOnly(day.Year, day.Month, 1);
    }

    /// <summary><c>yyyy-MM</c> of the instant's month.</summary>
    public static string Period(DateTimeOffset instant) =>
        MonthStart(instant).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The instant at which the Shanghai day <paramref name="day"/> reaches <paramref name="time"/>.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), Offset);

    /// <summary>The instant the Shanghai day begins.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => At(day, TimeOnly.MinValue);
}
