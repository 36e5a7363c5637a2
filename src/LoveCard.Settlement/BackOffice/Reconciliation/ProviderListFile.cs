using System.Globalization;
using System.Text.RegularExpressions;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Uploads;

namespace LoveCard.Settlement.BackOffice.Reconciliation;

/// <summary>
/// A provider's own list (ADR 0032), from CSV (UTF-8 or GB18030) or XLSX as
/// <see cref="SpreadsheetUpload"/> read it. Columns by header name, English or Chinese: the key
/// (<c>receiptNo</c>/小票号 or <c>idempotencyKey</c>/幂等键), <c>time</c>/时间, <c>item</c>/服务项目,
/// and the amount either in fen (<c>amountFen</c>/金额（分）) or in yuan with at most two decimals
/// (<c>amount</c>/金额（元）/金额, e.g. <c>1000.00</c>); a header with both uses the fen column.
/// The first bad cell is a 400 naming its row and column, before anything is stored.
/// </summary>
public static partial class ProviderListFile
{
    public const int MaxRows = 200_000;

    private static readonly string[] ReceiptNames =
    [
        "receiptNo",
        "receipt_no",
        "小票号",
        "票据号",
        "单号",
        "流水号",
        "收据号",
    ];
    private static readonly string[] KeyNames = ["idempotencyKey", "idempotency_key", "幂等键"];
    private static readonly string[] TimeNames =
    [
        "time",
        "bookedAt",
        "时间",
        "消费时间",
        "交易时间",
        "记账时间",
        "服务时间",
    ];
    private static readonly string[] ItemNames = ["item", "服务项目代码", "服务项目", "项目"];
    private static readonly string[] FenNames = ["amountFen", "amount_fen", "金额（分）", "金额(分)", "金额分"];
    private static readonly string[] YuanNames = ["amount", "amountYuan", "金额（元）", "金额(元)", "金额元", "金额"];

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-ddTHH:mm:ss",
        "yyyy/MM/dd HH:mm:ss",
        "yyyy/M/d H:mm:ss",
        "yyyy/M/d H:mm",
    ];

    [GeneratedRegex(@"^\d{1,12}(\.\d{1,2})?$")]
    private static partial Regex YuanPattern();

    public static ProviderList Parse(UploadedSheet sheet)
    {
        var header = sheet.Header;
        int Column(string[] names) =>
            names
                .Select(n => header.ToList().FindIndex(h => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault(i => i >= 0, -1);
        var receipt = Column(ReceiptNames);
        var key = Column(KeyNames);
        if ((receipt < 0) == (key < 0))
        {
            throw Bad(
                1,
                "receiptNo",
                "missing_column",
                "The header needs exactly one of receiptNo (小票号) or idempotencyKey (幂等键)."
            );
        }

        var keyIndex = receipt >= 0 ? receipt : key;
        var keyName = receipt >= 0 ? "receiptNo" : "idempotencyKey";
        var time = Column(TimeNames);
        var item = Column(ItemNames);
        var fen = Column(FenNames);
        var yuan = fen >= 0 ? -1 : Column(YuanNames);
        foreach (var (index, name) in new[] { (time, "time"), (item, "item"), (Math.Max(fen, yuan), "amountFen") })
        {
            if (index < 0)
            {
                throw Bad(
                    1,
                    name,
                    "missing_column",
                    name == "amountFen"
                        ? "The header has no amount column: amountFen (金额（分）) in fen or amount (金额（元）) in yuan."
                        : $"The header has no {name} column."
                );
            }
        }

        if (sheet.Rows.Count > MaxRows)
        {
            throw Bad(MaxRows + 2, keyName, "too_many_rows", $"A list has at most {MaxRows} rows.");
        }

        var amountName = fen >= 0 ? "amountFen" : "amount";
        var rows = new List<ProviderListRow>(sheet.Rows.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in sheet.Rows)
        {
            if (line.IsBlank)
            {
                continue; // a blank line, typically the last one
            }

            var row = line.Number;
            if (sheet.Format == UploadFormats.Csv && line.Cells.Count != header.Count)
            {
                throw Bad(
                    row,
                    keyName,
                    "wrong_field_count",
                    $"Row {row} has {line.Cells.Count} fields; the header has {header.Count}."
                );
            }

            var k = (line[keyIndex] ?? "").Trim();
            if (k.Length is 0 or > 64)
            {
                throw Bad(row, keyName, "invalid_key", $"Row {row}: {keyName} must be 1 to 64 characters.");
            }

            if (seen.TryGetValue(k, out var first))
            {
                throw Bad(row, keyName, "duplicate_key", $"Row {row}: {keyName} '{k}' was already on row {first}.");
            }

            seen[k] = row;
            if (!TryTime((line[time] ?? "").Trim(), out var at))
            {
                throw Bad(
                    row,
                    "time",
                    "invalid_time",
                    $"Row {row}: time must be like 2026-03-01 12:30:00 (Asia/Shanghai) or ISO 8601 with an offset."
                );
            }

            var itemText = (line[item] ?? "").Trim();
            if (itemText.Length is 0 or > 64)
            {
                throw Bad(row, "item", "invalid_item", $"Row {row}: item must be 1 to 64 characters.");
            }

            var amountText = (line[fen >= 0 ? fen : yuan] ?? "").Trim();
            if (!(fen >= 0 ? TryFen(amountText, out var amountFen) : TryYuan(amountText, out amountFen)))
            {
                throw Bad(
                    row,
                    amountName,
                    "invalid_amount",
                    fen >= 0
                        ? $"Row {row}: amountFen must be a whole number of fen, 0 or more."
                        : $"Row {row}: amount must be yuan with at most two decimals (like 1000.00), 0 or more."
                );
            }

            rows.Add(new ProviderListRow(row, k, at, itemText, amountFen));
        }

        return new ProviderList(keyName, rows);
    }

    private static bool TryFen(string text, out long fen) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fen) && fen >= 0;

    /// <summary>Yuan to fen exactly: at most two decimals, no floating point.</summary>
    private static bool TryYuan(string text, out long fen)
    {
        fen = 0;
        if (!YuanPattern().IsMatch(text))
        {
            return false;
        }

        fen = (long)(decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * 100);
        return true;
    }

    private static bool TryTime(string text, out DateTimeOffset at)
    {
        if (
            text.Length > 19
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out at)
            && (text.EndsWith('Z') || text[^6] is '+' or '-')
        )
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
}
