using System.Text.Json;
using Dapper;
using LoveCard.Contracts.ReadModels;
using LoveCard.Hosting.Messaging;
using MassTransit;
using Npgsql;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// Hands states a source sent again to this service's own read-model consumers (ADR 0015): each
/// event goes to the queues of the read-model consumers of its type (never to the audit trail,
/// which records what happened, not what is), marked <see cref="InboxConsumer{TEvent}.RepublishedHeader"/>,
/// so it goes through the same inbox, version check, handler and retries as the original did.
/// A version stream that none of an aggregate's events feed (a provider never admitted has no status
/// to show) is recorded as current at once: there is nothing for it to apply.
/// </summary>
public sealed class StateDispatcher(IBus sendEndpoints, NpgsqlDataSource dataSource)
{
    private const int ParallelSends = 32;

    /// <summary>Sends every state's events; returns how many messages were sent.</summary>
    public async Task<long> DispatchAsync(
        MirroredKind kind,
        IReadOnlyList<AggregateState> states,
        Guid correlationId,
        CancellationToken ct
    )
    {
        var sends = new List<(string Queue, object Message, Type Type)>();
        var unfed = new List<(string Stream, string AggregateId, long Version)>();
        foreach (var state in states)
        {
            var events = state
                .Events.Select(e =>
                {
                    var type = Outbox.ResolveType(e.MessageType);
                    return (Type: type, Message: JsonSerializer.Deserialize(e.Body, type, Outbox.Json)!);
                })
                .ToList();
            foreach (var (type, message) in events)
            {
                sends.AddRange(kind.QueuesOf(type).Select(queue => (queue, message, type)));
            }

            var fed = kind.StreamsFedBy(events.Select(e => e.Type));
            unfed.AddRange(
                kind.Streams.Where(s => !fed.Contains(s)).Select(s => (s, state.AggregateId, state.Version))
            );
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelSends, CancellationToken = ct };
        await Parallel.ForEachAsync(sends, parallel, async (send, token) =>
        {
            var endpoint = await sendEndpoints.GetSendEndpoint(new Uri("queue:" + send.Queue));
            await endpoint.Send(
                send.Message,
                send.Type,
                context =>
                {
                    context.MessageId = NewId.NextGuid();
                    context.CorrelationId = correlationId;
                    context.Durable = true;
                    context.Headers.Set(InboxConsumer<Contracts.IntegrationEvent>.RepublishedHeader, "true");
                },
                token
            );
        });

        await MarkCurrentAsync(unfed, ct);
        return sends.Count;
    }

    private async Task MarkCurrentAsync(
        List<(string Stream, string AggregateId, long Version)> unfed,
        CancellationToken ct
    )
    {
        if (unfed.Count == 0)
        {
            return;
        }

        const string sql = """
            INSERT INTO aggregate_versions (stream, aggregate_id, version, applied_at)
            SELECT s, a, v, now() FROM unnest(@streams, @ids, @versions) AS u (s, a, v)
            ON CONFLICT (stream, aggregate_id) DO UPDATE SET version = excluded.version, applied_at = now()
                WHERE aggregate_versions.version <= excluded.version
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    streams = unfed.Select(u => u.Stream).ToArray(),
                    ids = unfed.Select(u => u.AggregateId).ToArray(),
                    versions = unfed.Select(u => u.Version).ToArray(),
                },
                cancellationToken: ct
            )
        );
    }
}
