using System.Globalization;
using System.Text;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Uploads;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace LoveCard.Eligibility.Imports;

/// <summary>
/// Streams a roster's rows (CSV in UTF-8 with or without BOM or GB18030 via Sep, XLSX via MiniExcel),
/// never holding the file in memory. Row numbers are the spreadsheet's: the header is row 1.
/// </summary>
public static class RosterReader
{
    public const string Csv = UploadFormats.Csv;
    public const string Xlsx = UploadFormats.Xlsx;
    public const string Utf8 = TextEncodings.Utf8;
    public const string Gb18030 = TextEncodings.Gb18030;

    public static Encoding GetEncoding(string name) => TextEncodings.Get(name);

    /// <summary>Registers the code pages (GB18030) before any upload is inspected.</summary>
    public static void EnsureEncodings() => TextEncodings.EnsureRegistered();

    public static IEnumerable<(long RowNumber, RawElder Row)> Read(
        Stream stream,
        string format,
        string encoding,
        ImportOptions limits
    )
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

                XlsxLimits.Check(path, limits.MaxXlsxUncompressedBytes, limits.MaxXlsxRatio);
                foreach (var row in ReadXlsx(path))
                {
                    yield return CheckCells(row, limits.MaxCellChars);
                }
            }
            finally
            {
                File.Delete(path);
            }

            yield break;
        }

        using var text = new StreamReader(
            stream,
            GetEncoding(encoding),
            detectEncodingFromByteOrderMarks: encoding == Utf8
        );
        using var reader = Sep.New(',')
            .Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true })
            .From(text);
        var map = MapColumns(reader.Header.ColNames);
        // Roster column (RosterColumns.All order) -> CSV column, or -1 where the header lacks it.
        var columns = RosterColumns.All.Select(c => map.TryGetValue(c, out var i) ? i : -1).ToArray();
        long rowNumber = 1;
        while (reader.MoveNext())
        {
            rowNumber++;
            var raw = FromCsv(reader.Current, columns);
            if (raw is not null)
            {
                yield return CheckCells((rowNumber, raw), limits.MaxCellChars);
            }
        }
    }

    /// <summary>A cell longer than any roster column needs is not a roster: the import stops (finding S-11).</summary>
    private static (long RowNumber, RawElder Row) CheckCells((long RowNumber, RawElder Row) row, int maxChars)
    {
        var r = row.Row;
        string?[] cells =
        [
            r.IdNumber,
            r.Name,
            r.HukouProvince,
            r.HukouCounty,
            r.HomeCounty,
            r.VillageCode,
            r.Phone,
            r.Hardship,
            r.AbilityScore,
            r.AssessmentDate,
            r.Dementia,
            r.SpecialSituations,
            r.SocialSecurityCardNumber,
        ];
        if (cells.Any(c => c is not null && c.Length > maxChars))
        {
            throw new BadInputException(
                "file",
                "cell_too_large",
                $"Row {row.RowNumber} has a cell of more than {maxChars} characters; no roster column needs that many."
            );
        }

        return row;
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

    private static string? Cell(object? value) =>
        value switch
        {
            null => null,
            string s => s,
            DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

    private static RawElder? FromCsv(SepReader.Row row, int[] columns)
    {
        // The same order as RosterColumns.All.
        return Blank(
            new RawElder(
                Cell(row, columns[0]),
                Cell(row, columns[1]),
                Cell(row, columns[2]),
                Cell(row, columns[3]),
                Cell(row, columns[4]),
                Cell(row, columns[5]),
                Cell(row, columns[6]),
                Cell(row, columns[7]),
                Cell(row, columns[8]),
                Cell(row, columns[9]),
                Cell(row, columns[10]),
                Cell(row, columns[11]),
                Cell(row, columns[12])
            )
        );
    }

    private static string? Cell(SepReader.Row row, int index) =>
        index >= 0 && index < row.ColCount ? row[index].ToString() : null;

    private static RawElder? Build(Func<string, string?> get) =>
        Blank(
            new RawElder(
                get(RosterColumns.IdNumber),
                get(RosterColumns.Name),
                get(RosterColumns.HukouProvince),
                get(RosterColumns.HukouCounty),
                get(RosterColumns.HomeCounty),
                get(RosterColumns.VillageCode),
                get(RosterColumns.Phone),
                get(RosterColumns.Hardship),
                get(RosterColumns.AbilityScore),
                get(RosterColumns.AssessmentDate),
                get(RosterColumns.Dementia),
                get(RosterColumns.SpecialSituations),
                get(RosterColumns.SocialSecurityCardNumber)
            )
        );

    /// <summary>A blank line (or a row of empty cells) is not a row of the roster: null.</summary>
    private static RawElder? Blank(RawElder raw) =>
        string.IsNullOrWhiteSpace(raw.IdNumber)
        && string.IsNullOrWhiteSpace(raw.Name)
        && string.IsNullOrWhiteSpace(raw.VillageCode)
            ? null
            : raw;

    /// <summary>Roster column → index, from the header (English names or the Chinese aliases); fails on missing
    /// required columns.</summary>
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

        var missing = new[] { RosterColumns.IdNumber, RosterColumns.Name, RosterColumns.VillageCode }
            .Where(c => !map.ContainsKey(c))
            .ToList();
        if (!map.ContainsKey(RosterColumns.HukouProvince) && !map.ContainsKey(RosterColumns.HukouCounty))
        {
            missing.Add(RosterColumns.HukouCounty);
        }

        if (missing.Count > 0)
        {
            throw new BadInputException(
                missing[0],
                "missing_columns",
                $"The header lacks required columns: {string.Join(", ", missing)}."
            );
        }

        return map;
    }
}
