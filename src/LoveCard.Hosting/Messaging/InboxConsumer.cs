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
/// Base for every consumer of an integration event. In one transaction it records
/// <c>(message_id, consumer)</c> in the inbox, skips the event if it is older than the aggregate
/// version this read model already applied (when <see cref="VersionStream"/> is set), runs
/// <see cref="HandleAsync"/> and commits: a redelivered message changes nothing, and a failure
/// rolls everything back so MassTransit retries it (a transient failure for as long as it lasts, a
/// deterministic one a few times before the error queue: ADR 0014).
/// A message its source sent again on request (<see cref="RepublishedHeader"/>, ADR 0015) is
/// applied also at the version already recorded: after a read model was wiped, the state it carries
/// is exactly what is missing, and applying it again to an intact read model changes nothing.
/// </summary>
public abstract class InboxConsumer<TEvent>(IServiceProvider services)
    : IConsumer<TEvent>,
        IVersionedConsumer,
        IPackTarget<TEvent>
    where TEvent : IntegrationEvent
{
    private readonly NpgsqlDataSource _dataSource = services.GetRequiredService<NpgsqlDataSource>();
    private readonly StartupGate _gate = services.GetRequiredService<StartupGate>();
    private readonly ConsumerGate _consumers = services.GetRequiredService<ConsumerGate>();
    private readonly ILogger _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("LoveCard.Inbox");

    /// <summary>
    /// The read model whose aggregate versions guard this consumer, e.g. <c>card</c>; consumers that
    /// update the same read model from different events share it. Null turns the check off (for
    /// consumers that record every event, such as the audit trail).
    /// </summary>
    protected virtual string? VersionStream => null;

    /// <summary>
    /// For a read model that keeps every version (subsidy policies, price standards): the version
    /// stream records the newest version seen, for reconciliation, but an older one is still applied.
    /// </summary>
    protected virtual bool KeepsEveryVersion => false;

    /// <summary>Set on a message its source sent again for reconciliation or a rebuild (ADR 0015).</summary>
    public const string RepublishedHeader = "LoveCard-Republished";

    string? IVersionedConsumer.Stream => VersionStream;

    /// <summary>The inbox key; stable across renames of the class would need an override.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var ct = context.CancellationToken;
        var messageId = context.MessageId
            ?? throw new InvalidOperationException("A message without MessageId cannot be de-duplicated");
        await _gate.WaitForDatabaseAsync(ct);

        CorrelationContext.Current = context.CorrelationId;
        using var scope = _logger.BeginScope(
            new Dictionary<string, object?>
            {
                ["CorrelationId"] = context.CorrelationId,
                ["MessageId"] = messageId,
                ["Consumer"] = ConsumerName,
            }
        );

        var message = context.Message;
        using var slot = await _consumers.EnterAsync(ct);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        if (!await InboxClaim.TryClaimAsync(connection, transaction, messageId, ConsumerName, ct))
        {
            _logger.LogInformation("Duplicate {MessageType} ignored", typeof(TEvent).Name);
            return;
        }

        if (
            VersionStream is { } stream
            && !await AdvanceVersionAsync(connection, transaction, stream, message, IsRepublished(context), ct)
        )
        {
            _logger.LogInformation(
                "Stale {MessageType} v{Version} for {AggregateId} ignored",
                typeof(TEvent).Name,
                message.AggregateVersion,
                message.AggregateId
            );
            await transaction.CommitAsync(ct);
            return;
        }

        var handled = new ConsumeScope(connection, transaction, context);
        await HandleAsync(message, handled, ct);
        await transaction.CommitAsync(ct);
        if (handled.Published)
        {
            Outbox.Committed();
        }

        if (!IsRepublished(context))
        {
            // A state sent again carries the time it was reached, not when it was sent: no lag to measure.
            var lag = Math.Max(0, (DateTimeOffset.UtcNow - message.OccurredAt).TotalSeconds);
            LoveCardMetrics.ConsumerLag.WithLabels(ConsumerName).Observe(lag);
            PlatformMeter.ConsumerLag.Record(lag, new KeyValuePair<string, object?>("consumer", ConsumerName));
        }
    }

    /// <summary>
    /// A pack's events (ADR 0051) in one transaction: the pack's MessageId in the inbox under this consumer's name,
    /// then each event as <see cref="Consume"/> would take it alone (the version check, then
    /// <see cref="HandleAsync"/>). The events go in aggregate order, each aggregate's in the pack's order, so two
    /// packs lock their versions in one order and cannot deadlock; versions, not the order, decide what applies.
    /// </summary>
    public async Task ConsumePackAsync(ConsumeContext pack, IReadOnlyList<TEvent> events)
    {
        var ct = pack.CancellationToken;
        var messageId = pack.MessageId
            ?? throw new InvalidOperationException("A message without MessageId cannot be de-duplicated");
        await _gate.WaitForDatabaseAsync(ct);
        CorrelationContext.Current = pack.CorrelationId;
        using var slot = await _consumers.EnterAsync(ct);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await InboxClaim.TryClaimAsync(connection, transaction, messageId, ConsumerName, ct))
        {
            _logger.LogInformation(
                "Duplicate pack of {MessageType} ignored by {Consumer}",
                typeof(TEvent).Name,
                ConsumerName
            );
            return;
        }

        var republished = IsRepublished(pack);
        var scope = new ConsumeScope(connection, transaction, pack);
        var applied = 0;
        foreach (var message in events.OrderBy(e => e.AggregateId, StringComparer.Ordinal))
        {
            if (
                VersionStream is { } stream
                && !await AdvanceVersionAsync(connection, transaction, stream, message, republished, ct)
            )
            {
                continue;
            }

            await HandleAsync(message, scope, ct);
            applied++;
        }

        await transaction.CommitAsync(ct);
        if (scope.Published)
        {
            Outbox.Committed();
        }

        _logger.LogInformation(
            "Pack of {Count} {MessageType} applied by {Consumer}: {Applied} new",
            events.Count,
            typeof(TEvent).Name,
            ConsumerName,
            applied
        );
    }

    protected abstract Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct);

    internal static bool IsRepublished(ConsumeContext context) =>
        context.Headers.TryGetHeader(RepublishedHeader, out var flag)
        && string.Equals(flag?.ToString(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Records the event's version for its stream; false when the read model already has a newer
    /// state.</summary>
    private async Task<bool> AdvanceVersionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string stream,
        TEvent message,
        bool republished,
        CancellationToken ct
    )
    {
        var sql =
            KeepsEveryVersion
                ? """
                    INSERT INTO aggregate_versions (stream, aggregate_id, version, applied_at)
                    VALUES (@stream, @aggregateId, @version, now())
                    ON CONFLICT (stream, aggregate_id) DO UPDATE
                        SET version = greatest(aggregate_versions.version, excluded.version), applied_at = now()
                    RETURNING version
                    """
            : republished
                ? """
                    INSERT INTO aggregate_versions (stream, aggregate_id, version, applied_at)
                    VALUES (@stream, @aggregateId, @version, now())
                    ON CONFLICT (stream, aggregate_id) DO UPDATE SET version = excluded.version, applied_at = now()
                        WHERE aggregate_versions.version <= excluded.version
                    RETURNING version
                    """
            : """
                INSERT INTO aggregate_versions (stream, aggregate_id, version, applied_at)
                VALUES (@stream, @aggregateId, @version, now())
                ON CONFLICT (stream, aggregate_id) DO UPDATE SET version = excluded.version, applied_at = now()
                    WHERE aggregate_versions.version < excluded.version
                RETURNING version
                """;
        var parameters = new
        {
            stream,
            aggregateId = message.AggregateId,
            version = message.AggregateVersion,
        };
        var applied = await connection.ExecuteScalarAsync<long?>(
            new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)
        );
        return applied is not null;
    }
}
