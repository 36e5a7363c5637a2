using System.Globalization;
using System.Text;
using LoveCard.Console.Formatting;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace LoveCard.Console.Uploads;

/// <summary>
/// A provider's own list for reconciliation as the accountant has it (CSV in UTF-8 or GB18030, or
/// XLSX; Chinese or English headers; amounts in yuan or fen; items by code or Chinese name) turned
/// into the CSV the settlement service reads (<c>receiptNo,time,item,amountFen</c>, UTF-8). Rows
/// keep their order, so a row number the service reports is the row of the original file.
/// </summary>
public static class ProviderList
{
    public sealed record Converted(byte[] Csv, int Rows);

    static ProviderList() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Converted ToServiceCsv(byte[] file)
    {
        var rows = IsXlsx(file) ? ReadXlsx(file) : CsvText.Parse(Decode(file));
        rows = rows.Where(r => r.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (rows.Count == 0)
        {
            return new Converted([], 0);
        }

        var header = rows[0].Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var columns = header.Select(Column).ToArray();
        var yuan = header.Select(IsYuan).ToArray();
        var output = new List<string[]> { columns.Select((c, i) => c ?? header[i]).ToArray() };
        foreach (var row in rows.Skip(1))
        {
            var cells = new string[header.Length];
            for (var i = 0; i < header.Length; i++)
            {
                var value = i < row.Length ? row[i].Trim() : "";
                cells[i] = columns[i] switch
                {
                    "amountFen" when yuan[i] => Yuan.ParseFen(value)?.ToString(CultureInfo.InvariantCulture) ?? value,
                    "item" => ItemCode(value),
                    _ => value,
                };
            }

            output.Add(cells);
        }

        return new Converted(new UTF8Encoding(false).GetBytes(CsvText.Write(output)), rows.Count - 1);
    }

    private static string? Column(string header) =>
        header.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "receiptno" or "小票号" or "票据号" or "收据号" or "小票编号" => "receiptNo",
            "idempotencykey" or "交易编号" => "idempotencyKey",
            "time" or "时间" or "交易时间" or "消费时间" => "time",
            "item" or "项目" or "服务项目" => "item",
            "amountfen" or "金额（分）" or "金额(分)" => "amountFen",
            "amount" or "amountyuan" or "金额" or "金额（元）" or "金额(元)" or "实收金额" => "amountFen",
            _ => null,
        };

    private static bool IsYuan(string header) =>
        Column(header) == "amountFen"
        && !header.Contains("fen", StringComparison.OrdinalIgnoreCase)
        && !header.Contains('分');

    private static string ItemCode(string value) => Labels.ItemNames.FirstOrDefault(i => i.Value == value).Key ?? value;

    private static bool IsXlsx(byte[] file) =>
        file.Length > 4 && file[0] == 0x50 && file[1] == 0x4B && file[2] == 0x03 && file[3] == 0x04;

    /// <summary>
    /// UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 (Excel's "CSV" on a Chinese Windows).
    /// </summary>
    public static string Decode(byte[] file)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(file);
        }
    }

    private static List<string[]> ReadXlsx(byte[] file)
    {
        using var stream = new MemoryStream(file);
        return MiniExcel
            .Query(stream, useHeaderRow: false)
            .Select(r => ((IDictionary<string, object?>)r).Values.Select(Text).ToArray())
            .ToList();
    }

    private static string Text(object? cell) =>
        cell switch
        {
            null => "",
            DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            double n => n.ToString("0.##", CultureInfo.InvariantCulture),
            decimal m => m.ToString("0.##", CultureInfo.InvariantCulture),
            _ => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "",
        };
}
