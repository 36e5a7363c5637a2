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
        var client = bus.CreateRequestClient<GetAggregateVersions>(Address(kind), Timeout);
        var request = new GetAggregateVersions
        {
            Kind = kind,
            After = after,
            Limit = options.PageSize,
        };
        var page = (await client.GetResponse<AggregateVersionsPage>(request, ct)).Message;
        return page.Error is { } error ? throw new InvalidOperationException(error) : page;
    }

    public async Task<IReadOnlyList<AggregateState>> StatesAsync(
        string kind,
        IReadOnlyList<string> ids,
        CancellationToken ct
    )
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var client = bus.CreateRequestClient<GetAggregateStates>(Address(kind), Timeout);
        var request = new GetAggregateStates { Kind = kind, AggregateIds = ids };
        var page = (await client.GetResponse<AggregateStatesPage>(request, ct)).Message;
        return page.Error is { } error ? throw new InvalidOperationException(error) : page.Items;
    }

    private RequestTimeout Timeout => RequestTimeout.After(s: options.RequestTimeoutSeconds);

    /// <summary>The source's sync queue: <c>&lt;source&gt;-read-model-sync</c>, or
    /// <c>ReadModels:Queues:&lt;source&gt;</c>.</summary>
    private Uri Address(string kind)
    {
        var source = ReadModelKinds.Sources[kind];
        return new Uri("queue:" + (configuration[$"ReadModels:Queues:{source}"] ?? ReadModelSync.QueueOf(source)));
    }
}
