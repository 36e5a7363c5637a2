using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Writes a purchase's answer into the gateway's idempotency row in the booking's own round trip
/// (<see cref="TerminalTransaction.AnswerCommand"/>), so the gateway has only to commit. The bytes are those the
/// endpoint answers: the same object through the service's JSON options; the gateway compares them with what it
/// captured and writes the row itself when they differ.
/// </summary>
public sealed class PurchaseAnswerWriter(TerminalTransaction transaction, JsonSerializerOptions json)
{
    private readonly JsonTypeInfo _type = json.GetTypeInfo(typeof(PurchaseAnswer));

    /// <summary>Adds the statement that writes <paramref name="answer"/> to <paramref name="batch"/>.</summary>
    public void Add(NpgsqlBatch batch, PurchaseAnswer answer, DateTimeOffset now) =>
        batch.BatchCommands.Add(
            transaction.AnswerCommand(
                JsonSerializer.SerializeToUtf8Bytes(answer, _type),
                answer.PurchaseId.ToString(),
                now
            )
        );

    /// <summary>The batch with the last <see cref="Add"/> succeeded and stays.</summary>
    public void Kept() => transaction.AnswerKept();
}
