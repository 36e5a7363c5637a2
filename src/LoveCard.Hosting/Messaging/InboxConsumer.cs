using Dapper;
using LoveCard.Contracts;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Observability;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// Base for every consumer of an integration event. In one transaction it records
/// <c>(message_id, consumer)</c> in the inbox, skips the event if it is older than the aggregate
/// version this read model already applied (when <see cref="VersionStream"/> is set), runs
/// <see cref="HandleAsync"/> and commits: a redelivered message changes nothing, and a failure
/// rolls everything back so MassTransit retries it and then moves it to the error queue.
/// </summary>
public abstract class InboxConsumer<TEvent>(IServiceProvider services) : IConsumer<TEvent>
    where TEvent : IntegrationEvent
{
    private readonly NpgsqlDataSource _dataSource = services.GetRequiredService<NpgsqlDataSource>();
    private readonly StartupGate _gate = services.GetRequiredService<StartupGate>();
    private readonly ILogger _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("LoveCard.Inbox");

    /// <summary>
    /// The read model whose aggregate versions guard this consumer, e.g. <c>card</c>; consumers that
    /// update the same read model from different events share it. Null turns the check off (for
    /// consumers that record every event, such as the audit trail).
    /// </summary>
    protected virtual string? VersionStream => null;

    /// <summary>The inbox key; stable across renames of the class would need an override.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var ct = context.CancellationToken;
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without MessageId cannot be de-duplicated");
        await _gate.WaitForDatabaseAsync(ct);

        CorrelationContext.Current = context.CorrelationId;
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["CorrelationId"] = context.CorrelationId,
            ["MessageId"] = messageId,
            ["Consumer"] = ConsumerName,
        });

        var message = context.Message;
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var first = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO inbox (message_id, consumer) VALUES (@messageId, @consumer) ON CONFLICT DO NOTHING",
            new { messageId, consumer = ConsumerName }, transaction, cancellationToken: ct));
        if (first == 0)
        {
            _logger.LogInformation("Duplicate {MessageType} ignored", typeof(TEvent).Name);
            return;
        }

        if (VersionStream is { } stream)
        {
            var applied = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
                INSERT INTO aggregate_versions (stream, aggregate_id, version) VALUES (@stream, @aggregateId, @version)
                ON CONFLICT (stream, aggregate_id) DO UPDATE SET version = excluded.version
                    WHERE aggregate_versions.version < excluded.version
                RETURNING version
                """, new { stream, aggregateId = message.AggregateId, version = message.AggregateVersion }, transaction, cancellationToken: ct));
            if (applied is null)
            {
                _logger.LogInformation("Stale {MessageType} v{Version} for {AggregateId} ignored", typeof(TEvent).Name, message.AggregateVersion, message.AggregateId);
                await transaction.CommitAsync(ct);
                return;
            }
        }

        await HandleAsync(message, new ConsumeScope(connection, transaction, context), ct);
        await transaction.CommitAsync(ct);

        LoveCardMetrics.ConsumerLag.WithLabels(ConsumerName)
            .Observe(Math.Max(0, (DateTimeOffset.UtcNow - message.OccurredAt).TotalSeconds));
    }

    protected abstract Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct);
}

/// <summary>The consumer's connection and open transaction; write state and outbox rows through it.</summary>
public sealed record ConsumeScope(NpgsqlConnection Connection, NpgsqlTransaction Transaction, ConsumeContext Context)
{
    public Task PublishAsync(IntegrationEvent message, CancellationToken ct) => Outbox.AddAsync(Connection, Transaction, message, ct);
}
