using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Hosting.Exports;

/// <summary>
/// An export's columns and where its totals row puts its label (ADR 0032). The totals row is
/// summed by the writer from the very rows it wrote, so it always equals their sum; a table with no
/// summed column has no totals row.
/// </summary>
public sealed record ExportTable(IReadOnlyList<ExportColumn> Columns, string? LabelColumn = null)
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string TotalLabel = "合计";

    public const string TotalCode = "total";

    /// <summary>
    /// The <c>headers</c> query parameter: absent or <c>zh</c> for people, <c>codes</c> for programs.
    /// </summary>
    public static ExportHeaders ParseHeaders(string? headers) =>
        headers switch
        {
            null or "" or "zh" => ExportHeaders.Chinese,
            "codes" => ExportHeaders.Codes,
            _ => throw new BadInputException(
                "headers",
                "invalid_headers",
                "headers is zh (Chinese column headers, the default) or codes."
            ),
        };

    public bool HasTotals => Columns.Any(c => c.Summed);

    public int LabelIndex => LabelColumn is null ? 0 : IndexOf(LabelColumn);

    public int IndexOf(string code)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Code == code)
            {
                return i;
            }
        }

        throw new ArgumentException($"No column {code}.", nameof(code));
    }

    /// <summary>A CSV (UTF-8 with BOM) or XLSX download of <paramref name="rows"/>, one value per column.</summary>
    public PushStreamHttpResult Download(
        string format,
        ExportHeaders headers,
        IAsyncEnumerable<object?[]> rows,
        string fileStem,
        string sheetName = "Sheet1"
    ) =>
        format switch
        {
            "xlsx" => TypedResults.Stream(
                body => XlsxTableWriter.WriteAsync(body, this, headers, rows, sheetName, CancellationToken.None),
                XlsxContentType,
                fileStem + ".xlsx"
            ),
            _ => TypedResults.Stream(
                body => CsvTableWriter.WriteAsync(body, this, headers, rows, CancellationToken.None),
                CsvContentType,
                fileStem + ".csv"
            ),
        };

    public PushStreamHttpResult Download(
        string format,
        ExportHeaders headers,
        IEnumerable<object?[]> rows,
        string fileStem,
        string sheetName = "Sheet1"
    ) => Download(format, headers, ExportRows.From(rows), fileStem, sheetName);
}
