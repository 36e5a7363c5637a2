using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// This file is compiled into the settlement service AND linked into src/LoveCard.AuditVerify, so the
// service and the offline verifier hash with the very same code. It must stay free of anything but
// the base class library.
namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>The JSON-lines export format: one entry per line, the summary as a JSON string (its exact hashed
/// text).</summary>
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
            Str(o, "hash")!
        );
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
