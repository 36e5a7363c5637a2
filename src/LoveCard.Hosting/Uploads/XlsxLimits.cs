using System.IO.Compression;
using LoveCard.Hosting.Errors;

namespace LoveCard.Hosting.Uploads;

/// <summary>
/// An uploaded XLSX (a roster, a provider's list) is a zip: a few kilobytes can unpack to gigabytes
/// (a zip bomb), and one cell can hold a string of any size (finding S-11). Checked on the stored
/// file before the spreadsheet reader opens it: every entry is unpacked once, counting, and the
/// count stops at the limit whatever the entry's header claims.
/// </summary>
public static class XlsxLimits
{
    /// <summary>Throws <c>xlsx_too_large</c> when the unpacked entries exceed the limits.</summary>
    public static void Check(string path, long maxUncompressedBytes, int maxRatio)
    {
        using var file = File.OpenRead(path);
        Check(file, maxUncompressedBytes, maxRatio);
    }

    /// <summary>The same, on an open seekable stream (read from its start and left there).</summary>
    public static void Check(Stream file, long maxUncompressedBytes, int maxRatio)
    {
        long total = 0;
        file.Position = 0;
        var packed = file.Length;
        var buffer = new byte[81920];
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > maxUncompressedBytes || total > Math.Max(packed, 1) * (long)maxRatio)
                    {
                        throw new BadInputException(
                            "file",
                            "xlsx_too_large",
                            $"The XLSX file unpacks to more than "
                                + $"{Math.Min(maxUncompressedBytes, packed * (long)maxRatio)} bytes; "
                                + "save it as CSV or split it."
                        );
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
            throw new BadInputException("file", "invalid_xlsx", "The file is not a readable XLSX workbook.");
        }
        finally
        {
            file.Position = 0;
        }
    }
}
