using LoveCard.Contracts.ReadModels;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// Asks a source service over the bus (request and answer through RabbitMQ, ADR 0015): no HTTP
/// call between services, so no machine credentials, and a source that is briefly away answers
/// when it is back (or the request times out and the next pass asks again).
/// </summary>
public sealed class SourceClient(IBus bus, ReadModelSyncOptions options, IConfiguration configuration)
{
    public async Task<AggregateVersionsPage> VersionsAsync(string kind, string? after, CancellationToken ct)
    {
        var client = bus.CreateRequestClient<GetAggregateVersions>(Address(kind), RequestTimeout.After(s: options.RequestTimeoutSeconds));
        var response = await client.GetResponse<AggregateVersionsPage>(new GetAggregateVersions { Kind = kind, After = after, Limit = options.PageSize }, ct);
        return response.Message.Error is { } error ? throw new InvalidOperationException(error) : response.Message;
    }

    public async Task<IReadOnlyList<AggregateState>> StatesAsync(string kind, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var client = bus.CreateRequestClient<GetAggregateStates>(Address(kind), RequestTimeout.After(s: options.RequestTimeoutSeconds));
        var response = await client.GetResponse<AggregateStatesPage>(new GetAggregateStates { Kind = kind, AggregateIds = ids }, ct);
        return response.Message.Error is { } error ? throw new InvalidOperationException(error) : response.Message.Items;
    }

    /// <summary>The source's sync queue: <c>&lt;source&gt;-read-model-sync</c>, or <c>ReadModels:Queues:&lt;source&gt;</c>.</summary>
    private Uri Address(string kind)
    {
        var source = ReadModelKinds.Sources[kind];
        return new Uri("queue:" + (configuration[$"ReadModels:Queues:{source}"] ?? ReadModelSync.QueueOf(source)));
    }
}
