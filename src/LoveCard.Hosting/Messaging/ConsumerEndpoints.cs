using MassTransit;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// This service's consumers and their queues: for the error-queue monitor, the ops tool, and the
/// read-model reconciler, which sends republished state to the queues of its read-model consumers.
/// </summary>
public sealed class ConsumerEndpoints(IReadOnlyList<ConsumerEndpoint> consumers)
{
    public IReadOnlyList<ConsumerEndpoint> Consumers { get; } = consumers;

    /// <summary>The distinct queue names.</summary>
    public IReadOnlyList<string> Names { get; } = consumers.Select(c => c.Queue).Distinct().ToArray();

    internal static ConsumerEndpoints From(IEnumerable<Type> consumerTypes, IEndpointNameFormatter formatter)
    {
        var method = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        return new ConsumerEndpoints(
            consumerTypes
                .Select(t => new ConsumerEndpoint(t, (string)method.MakeGenericMethod(t).Invoke(formatter, null)!))
                .ToArray()
        );
    }
}
