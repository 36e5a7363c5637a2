using System.Text;

namespace LoveCard.Hosting.Uploads;

/// <summary>
/// The two encodings an uploaded CSV comes in: UTF-8 (with or without a BOM) and GB18030, what a
/// Chinese Excel writes when asked for plain "CSV". A file that is not valid UTF-8 is read as GB18030.
/// </summary>
public static class TextEncodings
{
    public const string Utf8 = "utf-8";
    public const string Gb18030 = "gb18030";

    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Get(string name) =>
        name == Gb18030 ? Encoding.GetEncoding("GB18030") : new UTF8Encoding(false);

    /// <summary>Registers the code pages (GB18030) before any upload is inspected.</summary>
    public static void EnsureRegistered() => Get(Gb18030);

    /// <summary>
    /// A decoder that throws on the first byte sequence UTF-8 does not allow: feed it the file piece by piece.
    /// </summary>
    public static Decoder StrictUtf8Decoder() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();

    /// <summary>UTF-8 or GB18030 for a whole file, read from its start; the stream is left where it was.</summary>
    public static string Detect(Stream stream)
    {
        var start = stream.Position;
        var decoder = StrictUtf8Decoder();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                decoder.GetCharCount(buffer, 0, read, flush: false);
            }

            decoder.GetCharCount([], 0, 0, flush: true);
            return Utf8;
        }
        catch (DecoderFallbackException)
        {
            return Gb18030;
        }
        finally
        {
            stream.Position = start;
        }
    }
}
