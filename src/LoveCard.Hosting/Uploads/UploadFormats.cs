namespace LoveCard.Hosting.Uploads;

/// <summary>What an uploaded spreadsheet is, told by its first bytes rather than by its name or content type.</summary>
public static class UploadFormats
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    /// <summary>An XLSX workbook is a zip: it starts <c>PK\x03\x04</c>; anything else is read as CSV text.</summary>
    public static string Sniff(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4 ? Xlsx : Csv;
}
