using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.LoadTest.Messaging;

/// <summary>
/// Applies each event as a read-model row, in the inbox transaction: a batch consumer as the services' projections and
/// card provisioning are (ADR 0042, 0046), one inbox statement and one insert per batch.
/// </summary>
public sealed class BenchConsumer(IServiceProvider services) : InboxBatchConsumer<CareWorkerRegistered>(services)
{
    protected override async Task HandleBatchAsync(
        IReadOnlyList<(Guid MessageId, CareWorkerRegistered Message)> messages,
        ConsumeScope scope,
        CancellationToken ct
    )
    {
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO bench_applied (message_id, aggregate_id, version)
                SELECT * FROM unnest(@ids, @aggregates, @versions)
                """,
                new
                {
                    ids = messages.Select(m => m.MessageId).ToArray(),
                    aggregates = messages.Select(m => m.Message.AggregateId).ToArray(),
                    versions = messages.Select(m => m.Message.AggregateVersion).ToArray(),
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
