using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Writes a purchase's answer into the gateway's idempotency row in the booking's own round trip
/// (<see cref="TerminalTransaction.AnswerCommand"/>), so the gateway has only to commit. The answer is serialised
/// once (ADR 0049): the bytes written into the row are the bytes the endpoint answers (<see cref="Bytes"/>), through
/// the service's JSON options; the gateway still compares them with what it captured and writes the row itself when
/// they differ.
/// </summary>
public sealed class PurchaseAnswerWriter(TerminalTransaction transaction, JsonSerializerOptions json)
{
    private readonly JsonTypeInfo<PurchaseAnswer> _type =
        (JsonTypeInfo<PurchaseAnswer>)json.GetTypeInfo(typeof(PurchaseAnswer));

    private (PurchaseAnswer Answer, byte[] Bytes)? _pending;
    private (PurchaseAnswer Answer, byte[] Bytes)? _kept;

    /// <summary>Adds the statement that writes <paramref name="answer"/> to <paramref name="batch"/>.</summary>
    public void Add(NpgsqlBatch batch, PurchaseAnswer answer, DateTimeOffset now)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(answer, _type);
        _pending = (answer, bytes);
        batch.BatchCommands.Add(transaction.AnswerCommand(bytes, answer.PurchaseId.ToString(), now));
    }

    /// <summary>The batch with the last <see cref="Add"/> succeeded and stays.</summary>
    public void Kept()
    {
        _kept = _pending;
        transaction.AnswerKept();
    }

    /// <summary>The UTF-8 JSON of <paramref name="answer"/>: the bytes kept in the row when it is the answer kept,
    /// else serialised now.</summary>
    public byte[] Bytes(PurchaseAnswer answer) =>
        _kept is { } kept && ReferenceEquals(kept.Answer, answer)
            ? kept.Bytes
            : JsonSerializer.SerializeToUtf8Bytes(answer, _type);
}
