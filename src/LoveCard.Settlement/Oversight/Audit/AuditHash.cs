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

    public static string Compute(AuditRecord r)
    {
        var sb = new StringBuilder(256 + r.Summary.Length);
        Field(sb, Version);
        Field(sb, r.Seq.ToString(CultureInfo.InvariantCulture));
        Field(sb, r.MessageId.ToString("D"));
        Field(sb, r.EventType);
        Field(sb, r.AggregateId);
        Field(sb, r.AggregateVersion.ToString(CultureInfo.InvariantCulture));
        Field(sb, r.ActorKind);
        Field(sb, r.ActorId);
        Field(sb, r.Reason);
        Field(sb, r.County);
        Field(sb, r.RelatedCounty);
        Field(sb, FormatInstant(r.OccurredAt));
        Field(sb, FormatInstant(r.RecordedAt));
        Field(sb, r.Summary);
        Field(sb, r.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Truncates to the microsecond, the precision PostgreSQL stores, so a stored instant hashes as it was
    /// hashed.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    public static string FormatInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.ParseExact(
            text,
            "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal
        );

    private static void Field(StringBuilder sb, string? value)
    {
        if (value is null)
        {
            sb.Append('~');
            return;
        }

        sb.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture))
            .Append(':')
            .Append(value)
            .Append(',');
    }
}
