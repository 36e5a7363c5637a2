using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// This file is compiled into the settlement service AND linked into src/LoveCard.AuditVerify, so the
// service and the offline verifier hash with the very same code. It must stay free of anything but
// the base class library.
namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>One audit-trail entry as stored and exported: everything the hash covers, plus the hash.</summary>
public sealed record AuditRecord(
    long Seq,
    Guid MessageId,
    string EventType,
    string AggregateId,
    long AggregateVersion,
    string ActorKind,
    string ActorId,
    string Reason,
    string? County,
    string? RelatedCounty,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string Summary,
    string PrevHash,
    string Hash);

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

    /// <summary>Truncates to the microsecond, the precision PostgreSQL stores, so a stored instant hashes as it was hashed.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    public static string FormatInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static void Field(StringBuilder sb, string? value)
    {
        if (value is null)
        {
            sb.Append('~');
            return;
        }

        sb.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(',');
    }
}

/// <summary>The JSON-lines export format: one entry per line, the summary as a JSON string (its exact hashed text).</summary>
public static class AuditJsonl
{
    public static void Write(Utf8JsonWriter w, AuditRecord r)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", r.Seq);
        w.WriteString("messageId", r.MessageId);
        w.WriteString("eventType", r.EventType);
        w.WriteString("aggregateId", r.AggregateId);
        w.WriteNumber("aggregateVersion", r.AggregateVersion);
        w.WriteString("actorKind", r.ActorKind);
        w.WriteString("actorId", r.ActorId);
        w.WriteString("reason", r.Reason);
        w.WriteString("county", r.County);
        w.WriteString("relatedCounty", r.RelatedCounty);
        w.WriteString("occurredAt", AuditHash.FormatInstant(r.OccurredAt));
        w.WriteString("recordedAt", AuditHash.FormatInstant(r.RecordedAt));
        w.WriteString("summary", r.Summary);
        w.WriteString("prevHash", r.PrevHash);
        w.WriteString("hash", r.Hash);
        w.WriteEndObject();
    }

    /// <summary>Parses one line; throws <see cref="FormatException"/> naming the missing or bad member.</summary>
    public static AuditRecord Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var o = doc.RootElement;
        return new AuditRecord(
            Get(o, "seq").GetInt64(),
            Get(o, "messageId").GetGuid(),
            Str(o, "eventType")!,
            Str(o, "aggregateId")!,
            Get(o, "aggregateVersion").GetInt64(),
            Str(o, "actorKind")!,
            Str(o, "actorId")!,
            Str(o, "reason")!,
            Str(o, "county", nullable: true),
            Str(o, "relatedCounty", nullable: true),
            AuditHash.ParseInstant(Str(o, "occurredAt")!),
            AuditHash.ParseInstant(Str(o, "recordedAt")!),
            Str(o, "summary")!,
            Str(o, "prevHash")!,
            Str(o, "hash")!);
    }

    private static JsonElement Get(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) ? v : throw new FormatException($"member '{name}' is missing");

    private static string? Str(JsonElement o, string name, bool nullable = false)
    {
        var v = Get(o, name);
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null when nullable => null,
            _ => throw new FormatException($"member '{name}' must be a string"),
        };
    }
}
