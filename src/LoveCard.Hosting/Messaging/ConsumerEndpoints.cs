using MassTransit;

namespace LoveCard.Hosting.Messaging;

/// <summary>The queue names of this service's consumers, for the error-queue monitor and the ops tool.</summary>
public sealed class ConsumerEndpoints(IReadOnlyList<string> names)
{
    public IReadOnlyList<string> Names { get; } = names;

    internal static ConsumerEndpoints From(IEnumerable<Type> consumerTypes, IEndpointNameFormatter formatter)
    {
        var method = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        return new ConsumerEndpoints(consumerTypes
            .Select(t => (string)method.MakeGenericMethod(t).Invoke(formatter, null)!)
            .Distinct()
            .ToArray());
    }
}
