using System.Data.Common;
using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>
/// What a provider's accountant or a bureau's clerk opens in a spreadsheet: CSV in UTF-8 with a BOM
/// (so Excel reads the Chinese text) and CRLF line ends, or XLSX written by MiniExcel from a data
/// reader, so a large month streams row by row instead of sitting in memory.
/// </summary>
public static class SpreadsheetExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// A text cell that starts with <c>= + - @</c>, a tab or a CR would be run as a formula (CSV
    /// injection), so it gets a leading quote. Numbers are never passed through here.
    /// </summary>
    public static string? Neutralise(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static async Task WriteCsvAsync(Stream output, DbDataReader reader, IReadOnlyList<string> headers, CancellationToken ct)
    {
        await using var writer = NewCsvWriter(output);
        var row = new StringBuilder(256);
        await WriteCsvRowAsync(writer, row, headers);
        var values = new object?[reader.FieldCount];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            await WriteCsvRowAsync(writer, row, values);
        }
    }

    /// <summary>Rows already in memory (a reconciliation, a period's payouts); text is neutralised here.</summary>
    public static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        await using var writer = NewCsvWriter(output);
        var line = new StringBuilder(256);
        await WriteCsvRowAsync(writer, line, headers);
        foreach (var row in rows)
        {
            await WriteCsvRowAsync(writer, line, row.Select(v => v is string s ? Neutralise(s) : v).ToArray());
        }
    }

    private static StreamWriter NewCsvWriter(Stream output) =>
        new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };

    /// <summary>
    /// A row is composed in memory and handed to the writer in one asynchronous call (one per row,
    /// not one per field: a month's CSV has hundreds of thousands of fields); the writer stays
    /// asynchronous because the response body refuses synchronous writes.
    /// </summary>
    private static async Task WriteCsvRowAsync(StreamWriter writer, StringBuilder row, IReadOnlyList<object?> values)
    {
        row.Clear();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                row.Append(',');
            }

            row.Append(Field(values[i]));
        }

        row.Append("\r\n");
        await writer.WriteAsync(row);
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            string s => s,
            DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>
    /// MiniExcel writes the workbook to a temporary file (a zip needs to finish its central directory
    /// before the response can be complete) and the file is then copied to the response: memory
    /// stays flat however many rows the reader yields.
    /// </summary>
    public static async Task WriteXlsxAsync(Stream output, DbDataReader reader, string sheetName, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lovecard-{Guid.NewGuid():N}.xlsx");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await MiniExcel.SaveAsAsync(file, reader, printHeader: true, sheetName: sheetName, excelType: ExcelType.XLSX, cancellationToken: ct);
        file.Position = 0;
        await file.CopyToAsync(output, ct);
    }
}
