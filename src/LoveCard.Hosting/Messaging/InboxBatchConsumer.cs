using Dapper;
using LoveCard.Contracts;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Observability;
using LoveCard.Hosting.Telemetry;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// Base for a projection that applies its events in batches (ADR 0042): MassTransit collects up to
/// <see cref="InboxBatchDefinition{TConsumer}.MessageLimit"/> deliveries (or what arrived within its time limit),
/// and one transaction records every message id in the inbox with one statement, hands the messages that were
/// new to <see cref="HandleBatchAsync"/> in delivery order, and commits. The inbox key is the same
/// <c>(message_id, consumer)</c> as <see cref="InboxConsumer{TEvent}"/>'s, so a redelivered message changes
/// nothing, whether it comes back in a later batch or twice in the same one. A failure rolls the whole batch
/// back and MassTransit retries it as one (ADR 0014). Projections that record every event (the audit trail,
/// statistics) keep no version stream; a read model that keeps the newest state names its
/// <see cref="VersionStream"/>, and only the messages one-by-one delivery would apply reach it (ADR 0046).
/// </summary>
public abstract class InboxBatchConsumer<TEvent>(IServiceProvider services)
    : IConsumer<Batch<TEvent>>,
        IVersionedConsumer,
        IPackTarget<TEvent>
    where TEvent : IntegrationEvent
{
    private readonly NpgsqlDataSource _dataSource = services.GetRequiredService<NpgsqlDataSource>();
    private readonly StartupGate _gate = services.GetRequiredService<StartupGate>();
    private readonly ConsumerGate _consumers = services.GetRequiredService<ConsumerGate>();
    private readonly ILogger _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("LoveCard.Inbox");

    /// <summary>The inbox key, as <see cref="InboxConsumer{TEvent}"/> names it.</summary>
    protected virtual string ConsumerName => GetType().Name;

    /// <summary>
    /// The read model whose aggregate versions guard this consumer, as <see cref="InboxConsumer{TEvent}"/>'s: a
    /// message older than the version applied (or than an earlier message of the same batch) is left out, and the
    /// read-model reconciler sends this queue the states it misses (ADR 0015). Null: every new message applies.
    /// </summary>
    protected virtual string? VersionStream => null;

    string? IVersionedConsumer.Stream => VersionStream;

    public async Task Consume(ConsumeContext<Batch<TEvent>> context)
    {
        var ct = context.CancellationToken;
        var batch = context.Message;
        var ids = new Guid[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            ids[i] = batch[i].MessageId
                ?? throw new InvalidOperationException("A message without MessageId cannot be de-duplicated");
        }

        await _gate.WaitForDatabaseAsync(ct);
        using var slot = await _consumers.EnterAsync(ct);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // One statement for the whole batch; ON CONFLICT DO NOTHING also skips the second of two copies
        // of one message in the same batch, and RETURNING names exactly the ids this batch recorded first.
        var recorded = (
            await connection.QueryAsync<Guid>(
                new CommandDefinition(
                    """
                    INSERT INTO inbox (message_id, consumer) SELECT id, @consumer FROM unnest(@ids) AS t(id)
                    ON CONFLICT DO NOTHING RETURNING message_id
                    """,
                    new { ids, consumer = ConsumerName },
                    transaction,
                    cancellationToken: ct
                )
            )
        ).ToHashSet();

        var fresh = new List<(Guid MessageId, TEvent Message)>(recorded.Count);
        for (var i = 0; i < batch.Length; i++)
        {
            // Remove, so a second copy of the same message later in this batch is not applied again.
            if (recorded.Remove(ids[i]))
            {
                fresh.Add((ids[i], batch[i].Message));
            }
        }

        if (fresh.Count < batch.Length)
        {
            _logger.LogInformation(
                "{Duplicates} duplicate {MessageType} ignored by {Consumer}",
                batch.Length - fresh.Count,
                typeof(TEvent).Name,
                ConsumerName
            );
        }

        var republished = new HashSet<Guid>();
        for (var i = 0; i < batch.Length; i++)
        {
            if (InboxConsumer<TEvent>.IsRepublished(batch[i]))
            {
                republished.Add(ids[i]);
            }
        }

        var correlation = batch[0].CorrelationId;
        for (var i = 1; i < batch.Length && correlation is not null; i++)
        {
            correlation = batch[i].CorrelationId == correlation ? correlation : null;
        }

        await ApplyAsync(connection, transaction, context, fresh, republished, correlation, ct);
    }

    /// <summary>
    /// A pack's events (ADR 0051) as one batch: the pack's MessageId in the inbox under this consumer's name, then its
    /// events, each with the id <see cref="PackItemIds"/> derives, through the version stream and
    /// <see cref="HandleBatchAsync"/> as a batch of as many messages would go.
    /// </summary>
    public async Task ConsumePackAsync(ConsumeContext pack, IReadOnlyList<TEvent> events)
    {
        var ct = pack.CancellationToken;
        var packId = pack.MessageId
            ?? throw new InvalidOperationException("A message without MessageId cannot be de-duplicated");
        await _gate.WaitForDatabaseAsync(ct);
        using var slot = await _consumers.EnterAsync(ct);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await InboxClaim.TryClaimAsync(connection, transaction, packId, ConsumerName, ct))
        {
            _logger.LogInformation(
                "Duplicate pack of {MessageType} ignored by {Consumer}",
                typeof(TEvent).Name,
                ConsumerName
            );
            return;
        }

        var kind = typeof(TEvent).Name;
        List<(Guid MessageId, TEvent Message)> fresh = events
            .Select((e, i) => (PackItemIds.Of(packId, kind, i), e))
            .ToList();
        var republished = InboxConsumer<TEvent>.IsRepublished(pack)
            ? fresh.Select(f => f.MessageId).ToHashSet()
            : new HashSet<Guid>();
        await ApplyAsync(connection, transaction, pack, fresh, republished, pack.CorrelationId, ct);
    }

    private async Task ApplyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ConsumeContext context,
        List<(Guid MessageId, TEvent Message)> fresh,
        HashSet<Guid> republished,
        Guid? correlation,
        CancellationToken ct
    )
    {
        if (VersionStream is { } stream && fresh.Count > 0)
        {
            var current = await BatchVersions.FilterAsync(connection, transaction, stream, fresh, republished, ct);
            if (current.Count < fresh.Count)
            {
                _logger.LogInformation(
                    "{Stale} stale {MessageType} ignored by {Consumer}",
                    fresh.Count - current.Count,
                    typeof(TEvent).Name,
                    ConsumerName
                );
            }

            fresh = current;
        }

        if (fresh.Count > 0)
        {
            // The outbox rows the batch writes carry the correlation its messages share (a roster import's), if any.
            CorrelationContext.Current = correlation;
            await HandleBatchAsync(fresh, new ConsumeScope(connection, transaction, context), ct);
        }

        await transaction.CommitAsync(ct);

        var now = DateTimeOffset.UtcNow;
        foreach (var (id, message) in fresh)
        {
            if (republished.Contains(id))
            {
                // A state sent again carries the time it was reached, not when it was sent: no lag to measure.
                continue;
            }

            var lag = Math.Max(0, (now - message.OccurredAt).TotalSeconds);
            LoveCardMetrics.ConsumerLag.WithLabels(ConsumerName).Observe(lag);
            PlatformMeter.ConsumerLag.Record(lag, new KeyValuePair<string, object?>("consumer", ConsumerName));
        }
    }

    /// <summary>Applies the messages not seen before, in delivery order, in the batch's transaction.</summary>
    protected abstract Task HandleBatchAsync(
        IReadOnlyList<(Guid MessageId, TEvent Message)> messages,
        ConsumeScope scope,
        CancellationToken ct
    );
}
