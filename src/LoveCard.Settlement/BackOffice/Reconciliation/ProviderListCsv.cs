using System.Globalization;
using System.Text;
using LoveCard.Hosting.Errors;

namespace LoveCard.Settlement.BackOffice.Reconciliation;

/// <summary>
/// Reads a provider's CSV (RFC 4180: quoted fields, CRLF or LF, an optional UTF-8 BOM; columns by
/// header name: <c>receiptNo</c> or <c>idempotencyKey</c>, <c>time</c>, <c>item</c>, <c>amountFen</c>).
/// The first bad cell is a 400 naming its row and column, before anything is stored.
/// </summary>
public static class ProviderListCsv
{
    public const int MaxRows = 200_000;

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy/MM/dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm",
    ];

    public static ProviderList Parse(string text)
    {
        var records = Split(text.TrimStart('\uFEFF'));
        if (records.Count == 0)
        {
            throw Bad(1, "header", "empty_file", "The file is empty; the first row names the columns.");
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        int Column(string name) => Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var receipt = Column("receiptNo");
        var key = Column("idempotencyKey");
        if ((receipt < 0) == (key < 0))
        {
            throw Bad(1, "receiptNo", "missing_column", "The header needs exactly one of receiptNo or idempotencyKey.");
        }

        var keyIndex = receipt >= 0 ? receipt : key;
        var keyName = receipt >= 0 ? "receiptNo" : "idempotencyKey";
        var time = Column("time");
        var item = Column("item");
        var amount = Column("amountFen");
        foreach (var (index, name) in new[] { (time, "time"), (item, "item"), (amount, "amountFen") })
        {
            if (index < 0)
            {
                throw Bad(1, name, "missing_column", $"The header has no {name} column.");
            }
        }

        if (records.Count - 1 > MaxRows)
        {
            throw Bad(MaxRows + 2, keyName, "too_many_rows", $"A list has at most {MaxRows} rows.");
        }

        var rows = new List<ProviderListRow>(records.Count - 1);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // a blank line, typically the last one
            }

            if (fields.Count != header.Length)
            {
                throw Bad(row, keyName, "wrong_field_count", $"Row {row} has {fields.Count} fields; the header has {header.Length}.");
            }

            var k = fields[keyIndex].Trim();
            if (k.Length is 0 or > 64)
            {
                throw Bad(row, keyName, "invalid_key", $"Row {row}: {keyName} must be 1 to 64 characters.");
            }

            if (seen.TryGetValue(k, out var first))
            {
                throw Bad(row, keyName, "duplicate_key", $"Row {row}: {keyName} '{k}' was already on row {first}.");
            }

            seen[k] = row;
            if (!TryTime(fields[time].Trim(), out var at))
            {
                throw Bad(row, "time", "invalid_time", $"Row {row}: time must be like 2026-03-01 12:30:00 (Asia/Shanghai) or ISO 8601 with an offset.");
            }

            var itemText = fields[item].Trim();
            if (itemText.Length is 0 or > 64)
            {
                throw Bad(row, "item", "invalid_item", $"Row {row}: item must be 1 to 64 characters.");
            }

            if (!long.TryParse(fields[amount].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var fen) || fen < 0)
            {
                throw Bad(row, "amountFen", "invalid_amount", $"Row {row}: amountFen must be a whole number of fen, 0 or more.");
            }

            rows.Add(new ProviderListRow(row, k, at, itemText, fen));
        }

        return new ProviderList(keyName, rows);
    }

    private static bool TryTime(string text, out DateTimeOffset at)
    {
        if (text.Length > 19 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out at) && (text.EndsWith('Z') || text[^6] is '+' or '-'))
        {
            return true;
        }

        if (DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // A provider's till keeps local (Asia/Shanghai) wall-clock time.
            at = new DateTimeOffset(local, LoveCard.Hosting.Shanghai.Offset);
            return true;
        }

        at = default;
        return false;
    }

    private static BadInputException Bad(int row, string column, string code, string detail)
    {
        var error = new BadInputException(column, code, detail);
        error.Extensions["row"] = row;
        error.Extensions["column"] = column;
        return error;
    }

    /// <summary>Records with the line number each starts on.</summary>
    private static List<(int Row, List<string> Fields)> Split(string text)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields));
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (quoted)
        {
            throw Bad(recordLine, "file", "unterminated_quote", $"Row {recordLine} opens a quote that never closes.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }
}
