using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace LoveCard.Hosting.Exports;

/// <summary>
/// An export as an XLSX workbook of one sheet, written as plain SpreadsheetML so each cell gets its
/// type: text as inline strings, amounts as numbers with the number format <c>0.00</c> (whole fen
/// with <c>0</c> under <c>?headers=codes</c>), times as date cells (Asia/Shanghai). The workbook is
/// written to a temporary file (a zip finishes with its central directory) and then copied to the
/// response, so memory stays flat however many rows there are.
/// </summary>
public static class XlsxTableWriter
{
    /// <summary>Style indexes into <c>cellXfs</c> of <see cref="StylesXml"/>.</summary>
    private const int TextStyle = 0;
    private const int HeaderStyle = 1;
    private const int YuanStyle = 2;
    private const int TimeStyle = 3;
    private const int WholeStyle = 4;

    public const string YuanFormat = "0.00";
    public const string TimeFormat = "yyyy-mm-dd hh:mm:ss";

    public static async Task WriteAsync(
        Stream output,
        ExportTable table,
        ExportHeaders headers,
        IAsyncEnumerable<object?[]> rows,
        string sheetName,
        CancellationToken ct
    )
    {
        var path = Path.Combine(Path.GetTempPath(), $"lovecard-{Guid.NewGuid():N}.xlsx");
        await using var file = new FileStream(
            path,
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous
        );
        // The temporary file is written synchronously (a local disk); only the response is written asynchronously.
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", ContentTypesXml);
            Add(zip, "_rels/.rels", RootRelsXml);
            Add(zip, "xl/workbook.xml", WorkbookXml(sheetName));
            Add(zip, "xl/_rels/workbook.xml.rels", WorkbookRelsXml);
            Add(zip, "xl/styles.xml", StylesXml);
            var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
            using var stream = entry.Open();
            using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
            await WriteSheetAsync(xml, table, headers, rows, ct);
        }

        file.Position = 0;
        await file.CopyToAsync(output, ct);
    }

    private static async Task WriteSheetAsync(
        XmlWriter xml,
        ExportTable table,
        ExportHeaders headers,
        IAsyncEnumerable<object?[]> rows,
        CancellationToken ct
    )
    {
        const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        xml.WriteStartDocument(true);
        xml.WriteStartElement(null, "worksheet", ns);
        xml.WriteStartElement(null, "sheetViews", ns);
        // The header row stays in view while scrolling.
        xml.WriteRaw("""<sheetView workbookViewId="0">""");
        xml.WriteRaw("""<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView>""");
        xml.WriteEndElement();
        xml.WriteStartElement(null, "cols", ns);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            var width =
                column.Cell == ExportCell.Time
                    ? 20
                    : Math.Max(10, Math.Min(40, ExportValues.Header(column, headers).Length * 2 + 4));
            xml.WriteRaw($"""<col min="{i + 1}" max="{i + 1}" width="{width}" customWidth="1"/>""");
        }

        xml.WriteEndElement();
        xml.WriteStartElement(null, "sheetData", ns);
        var rowNumber = 1;
        StartRow(xml, rowNumber);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            TextCell(xml, ExportValues.Header(table.Columns[i], headers), HeaderStyle);
        }

        xml.WriteEndElement();
        var totals = new long[table.Columns.Count];
        await foreach (var values in rows.WithCancellation(ct))
        {
            StartRow(xml, ++rowNumber);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                Cell(xml, table.Columns[i], i < values.Length ? values[i] : null, headers, totals, i);
            }

            xml.WriteEndElement();
        }

        if (table.HasTotals)
        {
            StartRow(xml, ++rowNumber);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                if (i == table.LabelIndex)
                {
                    TextCell(xml, ExportValues.TotalLabel(headers), HeaderStyle);
                }
                else if (column.Summed)
                {
                    NumberCell(xml, column, totals[i], headers);
                }
                else
                {
                    TextCell(xml, null, TextStyle);
                }
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void StartRow(XmlWriter xml, int number)
    {
        xml.WriteStartElement("row");
        xml.WriteAttributeString("r", number.ToString(CultureInfo.InvariantCulture));
    }

    private static void Cell(
        XmlWriter xml,
        ExportColumn column,
        object? value,
        ExportHeaders headers,
        long[] totals,
        int index
    )
    {
        if (value is null)
        {
            TextCell(xml, null, TextStyle);
            return;
        }

        switch (column.Cell)
        {
            case ExportCell.Yuan or ExportCell.Number when value is not string:
                var n = ExportValues.Whole(value)!.Value;
                totals[index] += n;
                NumberCell(xml, column, n, headers);
                return;
            case ExportCell.Time when ExportValues.ShanghaiTime(value) is { } local:
                // Excel's serial date: days since 1899-12-30, the fraction being the time of day.
                var serial = (local - new DateTime(1899, 12, 30)).TotalDays;
                ValueCell(xml, serial.ToString("R", CultureInfo.InvariantCulture), TimeStyle);
                return;
            default:
                TextCell(xml, ExportValues.Text(column, value, headers), TextStyle);
                return;
        }
    }

    private static void NumberCell(XmlWriter xml, ExportColumn column, long value, ExportHeaders headers)
    {
        if (column.Cell == ExportCell.Yuan && headers == ExportHeaders.Chinese)
        {
            ValueCell(xml, ExportValues.Yuan(value).ToString(CultureInfo.InvariantCulture), YuanStyle);
        }
        else
        {
            ValueCell(
                xml,
                value.ToString(CultureInfo.InvariantCulture),
                column.Cell == ExportCell.Yuan ? WholeStyle : TextStyle
            );
        }
    }

    private static void ValueCell(XmlWriter xml, string value, int style)
    {
        xml.WriteStartElement("c");
        if (style != TextStyle)
        {
            xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        }

        xml.WriteElementString("v", value);
        xml.WriteEndElement();
    }

    private static void TextCell(XmlWriter xml, string? text, int style)
    {
        xml.WriteStartElement("c");
        if (style != TextStyle)
        {
            xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(text))
        {
            xml.WriteAttributeString("t", "inlineStr");
            xml.WriteStartElement("is");
            xml.WriteStartElement("t");
            xml.WriteAttributeString("xml", "space", null, "preserve");
            xml.WriteString(XmlSafe(text));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>Control characters XML cannot carry are dropped rather than failing the whole download.</summary>
    private static string XmlSafe(string text)
    {
        foreach (var c in text)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                return new string(text.Where(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch)).ToArray());
            }
        }

        return text;
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string Package = "http://schemas.openxmlformats.org/package/2006";
    private const string OpenXml = "application/vnd.openxmlformats";

    private static string WorkbookXml(string sheetName) =>
        $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="{Main}" xmlns:r="{Relationships}">
              <sheets>
                <sheet name="{System.Security.SecurityElement.Escape(sheetName)}" sheetId="1" r:id="rId1"/>
              </sheets>
            </workbook>
            """;

    private const string ContentTypesXml = $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="{Package}/content-types">
          <Default Extension="rels" ContentType="{OpenXml}-package.relationships+xml"/>
          <Default Extension="xml" ContentType="application/xml"/>
          <Override PartName="/xl/workbook.xml"
            ContentType="{OpenXml}-officedocument.spreadsheetml.sheet.main+xml"/>
          <Override PartName="/xl/worksheets/sheet1.xml"
            ContentType="{OpenXml}-officedocument.spreadsheetml.worksheet+xml"/>
          <Override PartName="/xl/styles.xml" ContentType="{OpenXml}-officedocument.spreadsheetml.styles+xml"/>
        </Types>
        """;

    private const string RootRelsXml = $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="{Package}/relationships">
          <Relationship Id="rId1" Type="{Relationships}/officeDocument" Target="xl/workbook.xml"/>
        </Relationships>
        """;

    private const string WorkbookRelsXml = $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="{Package}/relationships">
          <Relationship Id="rId1" Type="{Relationships}/worksheet" Target="worksheets/sheet1.xml"/>
          <Relationship Id="rId2" Type="{Relationships}/styles" Target="styles.xml"/>
        </Relationships>
        """;

    /// <summary>
    /// cellXfs: 0 text, 1 bold (header and totals label), 2 yuan <c>0.00</c>, 3 date-time, 4 whole <c>0</c>.
    /// </summary>
    private const string StylesXml = $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="{Main}">
          <numFmts count="2">
            <numFmt numFmtId="164" formatCode="{YuanFormat}"/>
            <numFmt numFmtId="165" formatCode="{TimeFormat}"/>
          </numFmts>
          <fonts count="2">
            <font><sz val="11"/><name val="等线"/></font>
            <font><b/><sz val="11"/><name val="等线"/></font>
          </fonts>
          <fills count="2">
            <fill><patternFill patternType="none"/></fill>
            <fill><patternFill patternType="gray125"/></fill>
          </fills>
          <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
          <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
          <cellXfs count="5">
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
            <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
            <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
            <xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
          </cellXfs>
          <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
        </styleSheet>
        """;
}
