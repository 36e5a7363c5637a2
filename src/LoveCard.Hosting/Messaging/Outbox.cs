using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LoveCard.Contracts;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The transactional outbox (ADR 0002): an event is written to the service's <c>outbox</c> table in
/// the caller's transaction, so it leaves if and only if the state change commits. The
/// <see cref="OutboxRelay"/> publishes it; writing one wakes the relays of this process.
/// </summary>
public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string InsertSql = """
        INSERT INTO outbox (message_id, message_type, aggregate_id, body, correlation_id, trace_parent)
        VALUES ($1, $2, $3, $4, $5, $6)
        """;

    private const string CopySql = """
        COPY outbox (message_id, message_type, aggregate_id, body, correlation_id, trace_parent) FROM STDIN
        """;

    /// <summary>Writes <paramref name="message"/> in <paramref name="transaction"/>.</summary>
    public static async Task AddAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IntegrationEvent message,
        CancellationToken ct = default
    )
    {
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        AddParameters(command.Parameters, message, JsonSerializer.Serialize(message, message.GetType(), Json));
        await command.ExecuteNonQueryAsync(ct);
        OutboxSignal.Raise();
    }

    /// <summary>
    /// Tells the relays of this process that a transaction which wrote outbox rows has committed, so they read at
    /// once rather than after their pause (ADR 0059). Optional: the write itself raised the signal, and a relay
    /// that looked before the commit looks again within 5 ms; a writer on a path someone waits for (a card's
    /// suspension, R4) calls it right after its commit.
    /// </summary>
    public static void Committed() => OutboxSignal.Raise();

    /// <summary>
    /// The same insert as a batch command, for hot paths that send the state change and its event
    /// in one round trip (<see cref="NpgsqlBatch"/>).
    /// </summary>
    public static NpgsqlBatchCommand CreateBatchCommand(IntegrationEvent message)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        AddParameters(command.Parameters, message, JsonSerializer.Serialize(message, message.GetType(), Json));
        OutboxSignal.Raise();
        return command;
    }

    /// <summary>
    /// <see cref="CreateBatchCommand(IntegrationEvent)"/> with compile-time JSON: a source-generated
    /// <paramref name="type"/> with the same web defaults writes the same body without reflection per event.
    /// </summary>
    public static NpgsqlBatchCommand CreateBatchCommand<T>(T message, JsonTypeInfo<T> type)
        where T : IntegrationEvent
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        AddParameters(command.Parameters, message, JsonSerializer.Serialize(message, type));
        OutboxSignal.Raise();
        return command;
    }

    /// <summary>
    /// The same rows as <see cref="AddAsync"/>, many at once: one text COPY in the caller's transaction
    /// (<paramref name="connection"/> has it open), for bulk writers such as a roster import's chunk of thousands of
    /// events (docs/decisions/0034). The correlation and trace of the caller go on every row.
    /// </summary>
    public static async Task CopyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<OutboxEntry> entries,
        CancellationToken ct = default
    )
    {
        if (entries.Count == 0)
        {
            return;
        }

        var correlation = CorrelationContext.Current;
        var traceParent = LoveCardTelemetry.CurrentTraceParent();
        await using (var writer = await connection.BeginTextImportAsync(CopySql, ct))
        {
            var line = new CopyText();
            foreach (var entry in entries)
            {
                line.Uuid(entry.MessageId).Text(entry.MessageType).Text(entry.AggregateId).Text(entry.Body);
                (correlation is { } id ? line.Uuid(id) : line.Text(null)).Text(traceParent).EndRow(writer);
            }
        }

        OutboxSignal.Raise();
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, IntegrationEvent message, string body)
    {
        var type = message.GetType();
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = type.FullName! });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = message.AggregateId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = body, NpgsqlDbType = NpgsqlDbType.Json });
        parameters.Add(
            new NpgsqlParameter
            {
                Value = (object?)CorrelationContext.Current ?? DBNull.Value,
                NpgsqlDbType = NpgsqlDbType.Uuid,
            }
        );
        var traceParent = LoveCardTelemetry.CurrentTraceParent();
        parameters.Add(
            new NpgsqlParameter { Value = (object?)traceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }
        );
    }

    /// <summary>Finds the contracts type an outbox row names.</summary>
    internal static Type ResolveType(string messageType) =>
        typeof(IntegrationEvent).Assembly.GetType(messageType, throwOnError: false)
        ?? throw new InvalidOperationException($"Unknown message type {messageType} in the outbox");
}
