using System.Globalization;

namespace LoveCard.Console.Formatting;

/// <summary>
/// Money on screen: the services count in fen (integers); people read yuan with two decimals and a
/// ¥ sign (issue 16: never fen on screen). Parsing goes the other way, exactly, without floating point.
/// </summary>
public static class Yuan
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>12345 → ¥123.45; -500 → -¥5.00.</summary>
    public static string Format(long fen)
    {
        var sign = fen < 0 ? "-" : "";
        var abs = Math.Abs((decimal)fen) / 100m;
        return sign + "¥" + abs.ToString("#,##0.00", Chinese);
    }

    public static string Format(long? fen) => fen is { } f ? Format(f) : "—";

    /// <summary>The amount without the sign, for input boxes: 12345 → 123.45.</summary>
    public static string Plain(long fen) => ((decimal)fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// "123.45", "¥1,234.5", "12" → fen; null for anything else (more than two decimals, letters,
    /// negative amounts), so a typo is never silently rounded into a different amount.
    /// </summary>
    public static long? ParseFen(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = text.Trim().TrimStart('¥', '￥').Replace(",", "", StringComparison.Ordinal).Trim();
        if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan))
        {
            return null;
        }

        var fen = yuan * 100m;
        return fen == decimal.Truncate(fen) && fen <= long.MaxValue ? (long)fen : null;
    }

    /// <summary>The decimal yuan an Ant Design number input holds, from fen.</summary>
    public static decimal ToDecimal(long fen) => fen / 100m;

    /// <summary>Fen from a number input's yuan; null when it has more than two decimals.</summary>
    public static long? FromDecimal(decimal? yuan)
    {
        if (yuan is not { } y)
        {
            return null;
        }

        var fen = y * 100m;
        return fen == decimal.Truncate(fen) ? (long)fen : null;
    }
}
