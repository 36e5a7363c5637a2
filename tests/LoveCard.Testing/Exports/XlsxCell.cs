namespace LoveCard.Testing.Exports;

/// <summary>
/// One cell as the workbook stores it: its text, its type (<c>n</c> number, <c>s</c> text) and its number format.
/// </summary>
public sealed record XlsxCell(string? Value, string Type, string? Format)
{
    public bool IsNumber => Type == "n" && Value is not null;

    public decimal Number =>
        decimal.Parse(
            Value!,
            System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture
        );

    /// <summary>A date cell's value as the wall-clock time it shows.</summary>
    public DateTime Date =>
        new DateTime(1899, 12, 30).AddDays(double.Parse(Value!, System.Globalization.CultureInfo.InvariantCulture));
}
