namespace LoveCard.Hosting.Uploads;

/// <summary>
/// One row of an uploaded sheet: its number as the spreadsheet shows it (the header is row 1) and its cells as text.
/// </summary>
public sealed record UploadedRow(int Number, IReadOnlyList<string?> Cells)
{
    public string? this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : null;

    /// <summary>A blank line, or a row of empty cells.</summary>
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}
