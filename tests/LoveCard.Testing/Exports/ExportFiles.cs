using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using NUnit.Framework;

namespace LoveCard.Testing.Exports;

/// <summary>
/// Reads an export as a person's spreadsheet program would: CSV (after checking the UTF-8 BOM) into
/// rows of cells, XLSX into cells with their type and number format (from <c>styles.xml</c>).
/// </summary>
public static class ExportFiles
{
    public static List<List<string>> Csv(byte[] bytes)
    {
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 BOM so Excel reads Chinese");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }

    public static List<List<XlsxCell>> Xlsx(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var styles = XDocument.Load(zip.GetEntry("xl/styles.xml")!.Open());
        var formats = styles
            .Root!.Element(ns + "numFmts")
            ?.Elements(ns + "numFmt")
            .ToDictionary(f => (string)f.Attribute("numFmtId")!, f => (string)f.Attribute("formatCode")!)
            ?? [];
        string? Format(string id) =>
            formats.TryGetValue(id, out var code)
                ? code
                : id switch
                {
                    "0" => null,
                    "1" => "0",
                    "2" => "0.00",
                    "14" => "yyyy-mm-dd",
                    "22" => "yyyy-mm-dd hh:mm",
                    _ => "builtin:" + id,
                };
        var xfs = styles
            .Root!.Element(ns + "cellXfs")!
            .Elements(ns + "xf")
            .Select(x => Format((string?)x.Attribute("numFmtId") ?? "0"))
            .ToList();
        var sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } s
            ? XDocument
                .Load(s.Open())
                .Root!.Elements(ns + "si")
                .Select(si => string.Concat(si.Descendants(ns + "t").Select(t => t.Value)))
                .ToList()
            : [];
        var rows = new List<List<XlsxCell>>();
        foreach (var row in sheet.Descendants(ns + "row"))
        {
            var cells = new List<XlsxCell>();
            foreach (var c in row.Elements(ns + "c"))
            {
                var type = (string?)c.Attribute("t") ?? "n";
                var format = xfs[
                    int.Parse((string?)c.Attribute("s") ?? "0", System.Globalization.CultureInfo.InvariantCulture)
                ];
                var value = type switch
                {
                    "inlineStr" => string.Concat(c.Descendants(ns + "t").Select(t => t.Value)),
                    "s" => shared[
                        int.Parse(c.Element(ns + "v")!.Value, System.Globalization.CultureInfo.InvariantCulture)
                    ],
                    _ => c.Element(ns + "v")?.Value,
                };
                cells.Add(new XlsxCell(value, type is "inlineStr" or "s" or "str" ? "s" : "n", format));
            }

            rows.Add(cells);
        }

        return rows;
    }
}
