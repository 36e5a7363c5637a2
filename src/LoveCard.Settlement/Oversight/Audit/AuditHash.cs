using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// This file is compiled into the settlement service AND linked into src/LoveCard.AuditVerify, so the
// service and the offline verifier hash with the very same code. It must stay free of anything but
// the base class library.
namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// The canonical serialisation and hash of an audit entry (docs/audit-trail.md, "Hashing").
/// Canonical form: the tag <c>lovecard-audit-v1</c> and then every field in a fixed order, each
/// written as a netstring <c>&lt;UTF-8 byte length&gt;:&lt;bytes&gt;,</c> (a null field as the single
/// byte <c>~</c>); numbers in invariant decimal; instants as UTC <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>
/// (PostgreSQL keeps microseconds). Length prefixes make the form unambiguous whatever the fields
/// contain, and any language can rebuild it. Hash: lowercase hex SHA-256 of those bytes.
/// </summary>
public static class AuditHash
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public const string Version = "lovecard-audit-v1";

    /// <summary>The instants' format, for <see cref="FormatInstant"/> and the hash alike.</summary>
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string Compute(AuditRecord r)
    {
        // The canonical bytes are written straight into one pooled buffer and hashed there: no string of the whole
        // form, no second copy as UTF-8 (ADR 0057). The bytes are the ones the form above describes.
        var strings = Version.Length + r.EventType.Length + r.AggregateId.Length + r.ActorKind.Length;
        strings += r.ActorId.Length + r.Reason.Length + (r.County?.Length ?? 0) + (r.RelatedCounty?.Length ?? 0);
        strings += r.Summary.Length + r.PrevHash.Length;
        // At most three UTF-8 bytes per UTF-16 unit, and room for 15 length prefixes and the fixed-size fields.
        var buffer = ArrayPool<byte>.Shared.Rent(strings * 3 + 512);
        try
        {
            var span = buffer.AsSpan();
            var n = Field(span, Version);
            Span<byte> text = stackalloc byte[40];
            r.Seq.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
            n += Field(span[n..], text[..written]);
            r.MessageId.TryFormat(text, out written, "D");
            n += Field(span[n..], text[..written]);
            n += Field(span[n..], r.EventType);
            n += Field(span[n..], r.AggregateId);
            r.AggregateVersion.TryFormat(text, out written, default, CultureInfo.InvariantCulture);
            n += Field(span[n..], text[..written]);
            n += Field(span[n..], r.ActorKind);
            n += Field(span[n..], r.ActorId);
            n += Field(span[n..], r.Reason);
            n += Field(span[n..], r.County);
            n += Field(span[n..], r.RelatedCounty);
            r.OccurredAt.UtcDateTime.TryFormat(text, out written, InstantFormat, CultureInfo.InvariantCulture);
            n += Field(span[n..], text[..written]);
            r.RecordedAt.UtcDateTime.TryFormat(text, out written, InstantFormat, CultureInfo.InvariantCulture);
            n += Field(span[n..], text[..written]);
            n += Field(span[n..], r.Summary);
            n += Field(span[n..], r.PrevHash);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(span[..n], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Truncates to the microsecond, the precision PostgreSQL stores, so a stored instant hashes as it was
    /// hashed.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    public static string FormatInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.ParseExact(
            text,
            InstantFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal
        );

    /// <summary>A netstring of <paramref name="value"/>'s UTF-8 bytes, or <c>~</c> for null; the bytes
    /// written.</summary>
    private static int Field(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            destination[0] = (byte)'~';
            return 1;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var n = Prefix(destination, length);
        n += Encoding.UTF8.GetBytes(value, destination[n..]);
        destination[n] = (byte)',';
        return n + 1;
    }

    /// <summary>A netstring of bytes that are already UTF-8 (ASCII digits and letters).</summary>
    private static int Field(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        var n = Prefix(destination, value.Length);
        value.CopyTo(destination[n..]);
        n += value.Length;
        destination[n] = (byte)',';
        return n + 1;
    }

    private static int Prefix(Span<byte> destination, int length)
    {
        length.TryFormat(destination, out var n, default, CultureInfo.InvariantCulture);
        destination[n] = (byte)':';
        return n + 1;
    }
}
