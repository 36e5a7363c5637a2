using MiniExcel = MiniExcelLibs.MiniExcel;

namespace LoveCard.Console.Uploads;

/// <summary>
/// Counts a roster's data rows before it is uploaded, so the progress bar knows the total and can
/// say what share is done and how long is left (the import service reports only rows read so far).
/// </summary>
public static class RosterRows
{
    public static async Task<long> CountAsync(string path, CancellationToken ct = default)
    {
        if (IsXlsx(path))
        {
            // The first sheet, as the import reads it; the header row is not a data row.
            return Math.Max(0, MiniExcel.Query(path, useHeaderRow: false).LongCount() - 1);
        }

        await using var stream = File.OpenRead(path);
        return Math.Max(0, await CountCsvRecordsAsync(stream, ct) - 1);
    }

    public static bool IsXlsx(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.Read(head) == 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;
    }

    /// <summary>
    /// Records of an RFC 4180 file: a line break inside quotes does not end a record, blank lines do
    /// not count. Works on bytes, so UTF-8 and GB18030 alike (both keep ASCII quotes and newlines).
    /// </summary>
    public static async Task<long> CountCsvRecordsAsync(Stream stream, CancellationToken ct = default)
    {
        var buffer = new byte[64 * 1024];
        long records = 0;
        var quoted = false;
        var content = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'"')
                {
                    quoted = !quoted;
                    content = true;
                }
                else if (b == (byte)'\n' && !quoted)
                {
                    records += content ? 1 : 0;
                    content = false;
                }
                else if (b is not ((byte)'\r' or (byte)' ' or (byte)'\t' or 0xEF or 0xBB or 0xBF))
                {
                    content = true;
                }
            }
        }

        return records + (content ? 1 : 0);
    }
}
