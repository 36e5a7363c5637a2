using System.Globalization;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace LoveCard.Hosting.Uploads;

/// <summary>
/// Reads a spreadsheet a person uploads the way the roster import accepts one (ADR 0032): the file as
/// the raw body or as the one file of a multipart form; CSV in UTF-8 (with or without a BOM) or
/// GB18030, read by Sep; or XLSX (checked by <see cref="XlsxLimits"/>, read by MiniExcel). Cells
/// come back as text: an XLSX number as invariant digits, an XLSX date as <c>yyyy-MM-dd HH:mm:ss</c>.
/// The upload is spooled to a temporary file that is deleted when it is closed.
/// </summary>
public static class SpreadsheetUpload
{
    public sealed record Limits(
        long MaxBytes,
        int MaxRows,
        long MaxXlsxUncompressedBytes = 512L << 20,
        int MaxXlsxRatio = 200
    );

    public static async Task<UploadedSheet> ReadAsync(HttpRequest request, Limits limits, CancellationToken ct)
    {
        if (request.ContentLength > limits.MaxBytes)
        {
            throw TooLarge(limits);
        }

        var path = Path.Combine(Path.GetTempPath(), $"lovecard-upload-{Guid.NewGuid():N}");
        await using var file = new FileStream(
            path,
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous
        );
        var body = request.Body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            body =
                form.Files.Count == 1
                    ? form.Files[0].OpenReadStream()
                    : throw new BadInputException("file", "required", "Send exactly one file.");
        }

        await CopyAsync(body, file, limits, ct);
        if (file.Length == 0)
        {
            throw new BadInputException("file", "empty_file", "The file is empty; the first row names the columns.");
        }

        file.Position = 0;
        var head = new byte[4];
        var filled = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        file.Position = 0;
        if (UploadFormats.Sniff(head.AsSpan(0, filled)) == UploadFormats.Xlsx)
        {
            XlsxLimits.Check(file, limits.MaxXlsxUncompressedBytes, limits.MaxXlsxRatio);
            return Xlsx(file, limits);
        }

        var encoding = TextEncodings.Detect(file);
        return Csv(file, encoding, limits);
    }

    private static async Task CopyAsync(Stream body, Stream file, Limits limits, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
            if (file.Length > limits.MaxBytes)
            {
                throw TooLarge(limits);
            }
        }
    }

    private static BadInputException TooLarge(Limits limits) =>
        new("file", "too_large", $"The file is larger than {limits.MaxBytes / 1024 / 1024} MB.");

    private static BadInputException TooManyRows(Limits limits, int row) =>
        Bad(row, "too_many_rows", $"A file has at most {limits.MaxRows} rows.");

    public static BadInputException Bad(int row, string code, string detail)
    {
        var error = new BadInputException("file", code, detail);
        error.Extensions["row"] = row;
        return error;
    }

    private static UploadedSheet Csv(Stream file, string encoding, Limits limits)
    {
        using var text = new StreamReader(
            file,
            TextEncodings.Get(encoding),
            detectEncodingFromByteOrderMarks: true,
            64 * 1024,
            leaveOpen: true
        );
        var rows = new List<UploadedRow>();
        try
        {
            using var reader = Sep.New(',')
                .Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true })
                .From(text);
            foreach (var row in reader)
            {
                var number = row.RowIndex + 1;
                if (number > limits.MaxRows + 1)
                {
                    throw TooManyRows(limits, number);
                }

                var cells = new string?[row.ColCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = row[i].ToString();
                }

                rows.Add(new UploadedRow(number, cells));
            }
        }
        catch (InvalidDataException e)
        {
            throw Bad(
                rows.Count + 1,
                "invalid_csv",
                $"The file is not readable CSV near row {rows.Count + 1}: {e.Message}"
            );
        }

        return Sheet(UploadFormats.Csv, encoding, rows);
    }

    private static UploadedSheet Xlsx(Stream file, Limits limits)
    {
        var rows = new List<UploadedRow>();
        var number = 0;
        foreach (
            IDictionary<string, object?> cells in MiniExcel.Query(file, useHeaderRow: false, excelType: ExcelType.XLSX)
        )
        {
            number++;
            if (number > limits.MaxRows + 1)
            {
                throw TooManyRows(limits, number);
            }

            rows.Add(new UploadedRow(number, cells.Values.Select(Cell).ToArray()));
        }

        return Sheet(UploadFormats.Xlsx, null, rows);
    }

    private static UploadedSheet Sheet(string format, string? encoding, List<UploadedRow> rows)
    {
        if (rows.Count == 0)
        {
            throw Bad(1, "empty_file", "The file is empty; the first row names the columns.");
        }

        var header = rows[0].Cells.Select(c => (c ?? "").Trim().Trim('\uFEFF')).ToArray();
        return new UploadedSheet(format, encoding, header, rows.Skip(1).ToList());
    }

    private static string? Cell(object? value) =>
        value switch
        {
            null => null,
            string s => s,
            DateTime d => d.ToString(
                d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss",
                CultureInfo.InvariantCulture
            ),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
}
