using System.Text;
using nietras.SeparatedValues;

namespace LoveCard.Hosting.Exports;

/// <summary>
/// An export as CSV through Sep: UTF-8 with a BOM (so Excel reads the Chinese) and CRLF line ends.
/// Sep writes each row into a buffer that is handed to the response asynchronously in 64 KB
/// pieces (the response refuses synchronous writes), so a large month streams in flat memory.
/// </summary>
public static class CsvTableWriter
{
    private const int FlushChars = 64 * 1024;

    public static async Task WriteAsync(
        Stream output,
        ExportTable table,
        ExportHeaders headers,
        IAsyncEnumerable<object?[]> rows,
        CancellationToken ct
    )
    {
        await using var text = new StreamWriter(
            output,
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            FlushChars,
            leaveOpen: true
        );
        var buffer = new StringWriter { NewLine = "\r\n" };
        var names = table.Columns.Select(c => ExportValues.Header(c, headers)).ToArray();
        var totals = new long[table.Columns.Count];
        var any = false;
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(buffer))
        {
            await foreach (var values in rows.WithCancellation(ct))
            {
                any = true;
                using (var row = writer.NewRow())
                {
                    for (var i = 0; i < names.Length; i++)
                    {
                        row[names[i]]
                            .Set(Cell(table.Columns[i], i < values.Length ? values[i] : null, headers, totals, i));
                    }
                }

                if (buffer.GetStringBuilder().Length >= FlushChars)
                {
                    await text.WriteAsync(buffer.GetStringBuilder(), ct);
                    buffer.GetStringBuilder().Clear();
                }
            }

            if (table.HasTotals || !any)
            {
                // The totals row; an empty export still gets its header line through this row.
                using var row = writer.NewRow();
                for (var i = 0; i < names.Length; i++)
                {
                    row[names[i]].Set(table.HasTotals ? TotalCell(table, i, headers, totals) : "");
                }
            }
        }

        var rest = buffer.GetStringBuilder();
        if (!any && !table.HasTotals)
        {
            // Only the header: drop the empty line the header-producing row wrote.
            var header = rest.ToString();
            rest.Clear().Append(header[..(header.IndexOf("\r\n", StringComparison.Ordinal) + 2)]);
        }

        await text.WriteAsync(rest, ct);
        await text.FlushAsync(ct);
    }

    private static string Cell(ExportColumn column, object? value, ExportHeaders headers, long[] totals, int index)
    {
        if (value is null)
        {
            return "";
        }

        switch (column.Cell)
        {
            case ExportCell.Yuan:
            {
                var fen = ExportValues.Whole(value)!.Value;
                totals[index] += fen;
                return headers == ExportHeaders.Codes
                    ? fen.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : ExportValues.YuanText(fen);
            }
            case ExportCell.Number when value is not string:
            {
                var n = ExportValues.Whole(value)!.Value;
                totals[index] += n;
                return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            case ExportCell.Time when ExportValues.ShanghaiTime(value) is { } local:
                return ExportValues.TimeText(local);
            default:
                return ExportValues.Text(column, value, headers) ?? "";
        }
    }

    private static string TotalCell(ExportTable table, int index, ExportHeaders headers, long[] totals)
    {
        var column = table.Columns[index];
        if (index == table.LabelIndex)
        {
            return ExportValues.TotalLabel(headers);
        }

        return column.Summed switch
        {
            false => "",
            true when column.Cell == ExportCell.Yuan && headers == ExportHeaders.Chinese => ExportValues.YuanText(
                totals[index]
            ),
            true => totals[index].ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
