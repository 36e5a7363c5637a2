using System.Globalization;
using System.Text;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting.Errors;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace LoveCard.Eligibility.Imports;

/// <summary>
/// Streams a roster's rows (CSV in UTF-8 with or without BOM or GB18030 via Sep, XLSX via MiniExcel),
/// never holding the file in memory. Row numbers are the spreadsheet's: the header is row 1.
/// </summary>
public static class RosterReader
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";
    public const string Utf8 = "utf-8";
    public const string Gb18030 = "gb18030";

    static RosterReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding GetEncoding(string name) => name == Gb18030 ? Encoding.GetEncoding("GB18030") : new UTF8Encoding(false);

    /// <summary>Registers the code pages (GB18030) before any upload is inspected.</summary>
    public static void EnsureEncodings() => GetEncoding(Gb18030);

    public static IEnumerable<(long RowNumber, RawElder Row)> Read(Stream stream, string format, string encoding)
    {
        if (format == Xlsx)
        {
            var path = Path.Combine(Path.GetTempPath(), $"lovecard-roster-{Guid.NewGuid():N}.xlsx");
            try
            {
                using (var file = File.Create(path))
                {
                    stream.CopyTo(file);
                }

                foreach (var row in ReadXlsx(path))
                {
                    yield return row;
                }
            }
            finally
            {
                File.Delete(path);
            }

            yield break;
        }

        using var text = new StreamReader(stream, GetEncoding(encoding), detectEncodingFromByteOrderMarks: encoding == Utf8);
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true }).From(text);
        var map = MapColumns(reader.Header.ColNames);
        long rowNumber = 1;
        while (reader.MoveNext())
        {
            rowNumber++;
            var raw = FromCsv(reader.Current, map);
            if (raw is not null)
            {
                yield return (rowNumber, raw);
            }
        }
    }

    private static IEnumerable<(long, RawElder)> ReadXlsx(string path)
    {
        Dictionary<string, string>? map = null;
        long rowNumber = 1;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(path, useHeaderRow: true))
        {
            map ??= MapColumns(cells.Keys.ToArray()).ToDictionary(kv => kv.Key, kv => cells.Keys.ElementAt(kv.Value));
            rowNumber++;
            string? Get(string column) => map.TryGetValue(column, out var key) ? Cell(cells[key]) : null;
            var raw = Build(Get);
            if (raw is not null)
            {
                yield return (rowNumber, raw);
            }
        }

        if (map is null)
        {
            throw new BadInputException("file", "empty_roster", "The roster has no header row.");
        }
    }

    private static string? Cell(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static RawElder? FromCsv(SepReader.Row row, Dictionary<string, int> map)
    {
        var values = new string?[RosterColumns.All.Count];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = map.TryGetValue(RosterColumns.All[c], out var i) && i < row.ColCount ? row[i].ToString() : null;
        }

        return Build(column => values[IndexOf(column)]);
    }

    private static int IndexOf(string column)
    {
        for (var i = 0; i < RosterColumns.All.Count; i++)
        {
            if (ReferenceEquals(RosterColumns.All[i], column) || RosterColumns.All[i] == column)
            {
                return i;
            }
        }

        return -1;
    }

    private static RawElder? Build(Func<string, string?> get)
    {
        var raw = new RawElder(
            get(RosterColumns.IdNumber), get(RosterColumns.Name), get(RosterColumns.HukouProvince), get(RosterColumns.HukouCounty),
            get(RosterColumns.HomeCounty), get(RosterColumns.VillageCode), get(RosterColumns.Phone), get(RosterColumns.Hardship),
            get(RosterColumns.AbilityScore), get(RosterColumns.AssessmentDate), get(RosterColumns.Dementia),
            get(RosterColumns.SpecialSituations), get(RosterColumns.SocialSecurityCardNumber));

        // A blank line (or a row of empty cells) is not a row of the roster.
        return string.IsNullOrWhiteSpace(raw.IdNumber) && string.IsNullOrWhiteSpace(raw.Name) && string.IsNullOrWhiteSpace(raw.VillageCode) ? null : raw;
    }

    /// <summary>Roster column → index, from the header (English names or the Chinese aliases); fails on missing required columns.</summary>
    public static Dictionary<string, int> MapColumns(IReadOnlyList<string> header)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().Trim('\uFEFF').ToLowerInvariant();
            if (RosterColumns.ChineseAliases.TryGetValue(name, out var alias))
            {
                name = alias;
            }

            if (RosterColumns.All.Contains(name))
            {
                map.TryAdd(name, i);
            }
        }

        var missing = new[] { RosterColumns.IdNumber, RosterColumns.Name, RosterColumns.VillageCode }.Where(c => !map.ContainsKey(c)).ToList();
        if (!map.ContainsKey(RosterColumns.HukouProvince) && !map.ContainsKey(RosterColumns.HukouCounty))
        {
            missing.Add(RosterColumns.HukouCounty);
        }

        if (missing.Count > 0)
        {
            throw new BadInputException(missing[0], "missing_columns", $"The header lacks required columns: {string.Join(", ", missing)}.");
        }

        return map;
    }
}
