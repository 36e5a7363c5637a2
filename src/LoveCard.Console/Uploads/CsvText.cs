using nietras.SeparatedValues;

namespace LoveCard.Console.Uploads;

/// <summary>
/// Reads and writes RFC 4180 CSV through Sep: quoted fields may hold commas, quotes ("") and line breaks.
/// </summary>
public static class CsvText
{
    public static List<string[]> Parse(string text)
    {
        using var reader = Sep.New(',')
            .Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true })
            .FromText(text);
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }

            rows.Add(cells);
        }

        return rows;
    }

    /// <summary>Rows of equal length as CSV text with CRLF line ends; cells are quoted where they need it.</summary>
    public static string Write(IReadOnlyList<string[]> rows)
    {
        var text = new StringWriter { NewLine = "\r\n" };
        if (rows.Count == 0)
        {
            return "";
        }

        var names = Enumerable.Range(0, rows[0].Length).Select(i => "c" + i).ToArray();
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(text))
        {
            foreach (var cells in rows)
            {
                using var row = writer.NewRow();
                for (var i = 0; i < names.Length; i++)
                {
                    row[names[i]].Set(i < cells.Length ? cells[i] : "");
                }
            }
        }

        return text.ToString();
    }
}
