using System.Data;
using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.ReadModels;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Messaging;
using MassTransit;
using Npgsql;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// Answers on this service's <c>-read-model-sync</c> queue (ADR 0015): as a source, the version
/// watermark and the current states of the kinds it serves; as a consumer of sources, the operator's
/// rebuild requests. Reads only, so a request answered twice changes nothing.
/// </summary>
public sealed class ReadModelSyncConsumer(
    IEnumerable<IAggregateSource> sources,
    NpgsqlDataSource dataSource,
    StartupGate gate,
    ReadModelRebuilder rebuilder
)
    : IConsumer<GetAggregateVersions>,
        IConsumer<GetAggregateStates>,
        IConsumer<RebuildReadModels>,
        IConsumer<GetReadModelRebuild>
{
    public async Task Consume(ConsumeContext<GetAggregateVersions> context)
    {
        var request = context.Message;
        if (Find(request.Kind) is not { } source)
        {
            await context.RespondAsync(
                new AggregateVersionsPage
                {
                    Kind = request.Kind,
                    Items = [],
                    SourceNow = DateTimeOffset.UtcNow,
                    Error = NotHere(request.Kind),
                }
            );
            return;
        }

        var ct = context.CancellationToken;
        await gate.WaitForDatabaseAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var clock = await connection.QuerySingleAsync<Clock>(
            new CommandDefinition(
                """
                SELECT now() AS now,
                       (SELECT created_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 1) AS oldest_pending
                """,
                cancellationToken: ct
            )
        );
        var limit = Math.Clamp(request.Limit, 1, 10_000);
        var (items, next) = await source.VersionsAsync(connection, request.After, limit, ct);
        await context.RespondAsync(
            new AggregateVersionsPage
            {
                Kind = request.Kind,
                Items = items,
                Next = next,
                SourceNow = clock.Now,
                OutboxOldestPendingAt = clock.OldestPending,
            }
        );
    }

    public async Task Consume(ConsumeContext<GetAggregateStates> context)
    {
        var request = context.Message;
        if (Find(request.Kind) is not { } source)
        {
            await context.RespondAsync(
                new AggregateStatesPage
                {
                    Kind = request.Kind,
                    Items = [],
                    Error = NotHere(request.Kind),
                }
            );
            return;
        }

        var ct = context.CancellationToken;
        await gate.WaitForDatabaseAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for the whole page: a state and its version always belong together.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var ids = request.AggregateIds.Distinct(StringComparer.Ordinal).ToArray();
        var states = await source.StatesAsync(connection, transaction, ids, ct);
        await transaction.CommitAsync(ct);
        await context.RespondAsync(
            new AggregateStatesPage
            {
                Kind = request.Kind,
                Items = states
                    .Select(s => new AggregateState(s.AggregateId, s.Version, s.Events.Select(Serialize).ToArray()))
                    .ToArray(),
            }
        );
    }

    public async Task Consume(ConsumeContext<RebuildReadModels> context) =>
        await context.RespondAsync(await rebuilder.StartAsync(context.Message, context.CancellationToken));

    public async Task Consume(ConsumeContext<GetReadModelRebuild> context) =>
        await context.RespondAsync(await rebuilder.StatusAsync(context.Message.RunId, context.CancellationToken));

    private static SerializedEvent Serialize(IntegrationEvent e) =>
        new(e.GetType().FullName!, JsonSerializer.Serialize(e, e.GetType(), Outbox.Json));

    private IAggregateSource? Find(string kind) => sources.FirstOrDefault(s => s.Kind == kind);

    private static string NotHere(string kind) => $"This service is not the source of '{kind}'.";

    private sealed class Clock
    {
        public DateTimeOffset Now { get; init; }

        public DateTimeOffset? OldestPending { get; init; }
    }
}
