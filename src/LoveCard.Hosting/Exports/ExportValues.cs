using System.Globalization;

namespace LoveCard.Hosting.Exports;

/// <summary>What one value becomes in an export cell; shared by the CSV and the XLSX writer.</summary>
public static class ExportValues
{
    /// <summary>
    /// A text cell that starts with <c>= + - @</c>, a tab or a CR would be run as a formula (CSV
    /// injection), so it gets a leading quote. Numbers are never passed through here.
    /// </summary>
    public static string? Neutralise(string? text) =>
        text is { Length: > 0 }
        && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
        && !text.StartsWith("'", StringComparison.Ordinal)
            ? "'" + text
            : text;

    public static string? Text(ExportColumn column, object? value, ExportHeaders headers)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            Guid g => g.ToString(),
            string[] list => string.Join(';', list),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        if (
            text is not null
            && headers == ExportHeaders.Chinese
            && column.Words?.TryGetValue(text, out var word) == true
        )
        {
            text = word;
        }

        return Neutralise(text);
    }

    public static long? Whole(object? value) =>
        value switch
        {
            null => null,
            long l => l,
            int i => i,
            short s => s,
            decimal d => (long)d,
            double d => (long)d,
            _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        };

    /// <summary>Fen as yuan: exact, since 100 divides a decimal without rounding.</summary>
    public static decimal Yuan(long fen) => fen / 100m;

    public static string YuanText(long fen) => Yuan(fen).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// An instant as Asia/Shanghai wall-clock time; a <c>timestamptz</c> read as a <see cref="DateTime"/> is UTC.
    /// </summary>
    public static DateTime? ShanghaiTime(object? value) =>
        value switch
        {
            DateTimeOffset d => Shanghai.ToLocal(d).DateTime,
            DateTime d => Shanghai.FromUtc(d).DateTime,
            _ => null,
        };

    public static string TimeText(DateTime local) =>
        local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Header(ExportColumn column, ExportHeaders headers) =>
        headers == ExportHeaders.Codes ? column.Code : column.Header;

    public static string TotalLabel(ExportHeaders headers) =>
        headers == ExportHeaders.Codes ? ExportTable.TotalCode : ExportTable.TotalLabel;
}
