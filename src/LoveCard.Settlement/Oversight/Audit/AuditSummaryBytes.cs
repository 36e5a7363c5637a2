using System.Buffers;
using System.Text;
using System.Text.Json;
using LoveCard.Contracts;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// The summary of an event with nothing to mask (<see cref="AuditSummary"/>): its JSON, serialised once into a buffer
/// kept by the thread, then written again token by token without the envelope's properties, into a second buffer.
/// Each name and string is unescaped and escaped again by a writer with the same encoder, and each number copied as
/// written: what writing a <c>JsonNode</c> read from that JSON does, so the bytes are the ones the node path made
/// (ADR 0057; <c>Audit_summary_bytes</c> holds the two equal for every event type). Copying the serialiser's bytes
/// as they are would not do: it writes dates and ids unescaped (a <c>+</c> in an offset), the node path escapes them.
/// </summary>
internal static class AuditSummaryBytes
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _json;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _summary;

    [ThreadStatic]
    private static Utf8JsonWriter? _serialiser;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    [ThreadStatic]
    private static byte[]? _scratch;

    private static readonly byte[][] Envelope =
    [
        "aggregateId"u8.ToArray(),
        "aggregateVersion"u8.ToArray(),
        "actor"u8.ToArray(),
        "reason"u8.ToArray(),
        "occurredAt"u8.ToArray(),
    ];

    public static string WithoutEnvelope(IntegrationEvent message, Type type, JsonSerializerOptions options)
    {
        var json = _json ??= new ArrayBufferWriter<byte>(2048);
        var summary = _summary ??= new ArrayBufferWriter<byte>(2048);
        json.ResetWrittenCount();
        summary.ResetWrittenCount();
        // Both writers take the options' encoder: a serialiser given a writer escapes as the writer says.
        var writerOptions = new JsonWriterOptions { Encoder = options.Encoder };
        var serialiser = _serialiser ??= new Utf8JsonWriter(json, writerOptions);
        serialiser.Reset(json);
        JsonSerializer.Serialize(serialiser, message, type, options);
        serialiser.Flush();

        var reader = new Utf8JsonReader(json.WrittenSpan);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException($"{type.Name} did not serialise to a JSON object.");
        }

        var writer = _writer ??= new Utf8JsonWriter(summary, writerOptions);
        writer.Reset(summary);
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (IsEnvelope(ref reader))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            writer.WritePropertyName(Unescaped(ref reader));
            reader.Read();
            CopyValue(ref reader, writer);
        }

        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(summary.WrittenSpan);
    }

    /// <summary>Writes the value the reader is on (for an object or array, all of it) as a <c>JsonElement</c> would
    /// write itself.</summary>
    private static void CopyValue(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        var depth = reader.CurrentDepth;
        WriteToken(ref reader, writer);
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        while (reader.Read())
        {
            WriteToken(ref reader, writer);
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth)
            {
                return;
            }
        }
    }

    private static void WriteToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.PropertyName:
                writer.WritePropertyName(Unescaped(ref reader));
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(Unescaped(ref reader));
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
            default:
                throw new InvalidOperationException($"Unexpected {reader.TokenType} in an event's JSON.");
        }
    }

    /// <summary>A name's or string's text, unescaped: the writer escapes it again.</summary>
    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        var scratch =
            _scratch is { } kept && kept.Length >= reader.ValueSpan.Length
                ? kept
                : _scratch = new byte[Math.Max(256, reader.ValueSpan.Length)];
        return scratch.AsSpan(0, reader.CopyString(scratch));
    }

    private static bool IsEnvelope(ref Utf8JsonReader reader)
    {
        foreach (var name in Envelope)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }
        }

        return false;
    }
}
