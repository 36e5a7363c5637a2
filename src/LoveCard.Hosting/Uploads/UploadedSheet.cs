namespace LoveCard.Hosting.Uploads;

/// <summary>An uploaded CSV or XLSX file read into its header and rows of text cells, with what it was.</summary>
public sealed record UploadedSheet(
    string Format,
    string? Encoding,
    IReadOnlyList<string> Header,
    IReadOnlyList<UploadedRow> Rows
);
