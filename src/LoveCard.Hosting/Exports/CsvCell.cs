namespace LoveCard.Hosting.Exports;

/// <summary>
/// One CSV cell as a spreadsheet should read it (RFC 4180): quoted when it holds a comma, quote or
/// line break, and neutralised with a leading <c>'</c> when it starts with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, tab or carriage return, so a name cannot become a formula in Excel.
/// </summary>
public static class CsvCell
{
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Numbers stay numbers.</summary>
    public static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Row(params string[] cells) => string.Join(',', cells);
}
