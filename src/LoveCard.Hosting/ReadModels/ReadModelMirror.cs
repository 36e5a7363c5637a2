using LoveCard.Contracts.ReadModels;
using LoveCard.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// What this service mirrors of other services, found from its own consumers (ADR 0015): every
/// <see cref="InboxConsumer{TEvent}"/> or <see cref="InboxBatchConsumer{TEvent}"/> with a version stream whose
/// event carries the state of a kind in <see cref="ReadModelKinds"/>. For each kind: the version streams to
/// compare with the source's watermark, and the queues to send each state-carrying event type to. The audit trail
/// and the other consumers without a version stream are not read models of a source and get nothing.
/// </summary>
public sealed class ReadModelMirror(IServiceProvider services, ConsumerEndpoints endpoints)
{
    private readonly Lazy<IReadOnlyDictionary<string, MirroredKind>> _kinds = new(() => Discover(services, endpoints));

    public IReadOnlyDictionary<string, MirroredKind> Kinds => _kinds.Value;

    private static IReadOnlyDictionary<string, MirroredKind> Discover(
        IServiceProvider services,
        ConsumerEndpoints endpoints
    )
    {
        var found = new Dictionary<string, MirroredKind>(StringComparer.Ordinal);
        using var scope = services.CreateScope();
        foreach (var endpoint in endpoints.Consumers)
        {
            if (EventOf(endpoint.Consumer) is not { } eventType || ReadModelKinds.Of(eventType) is not { } kind)
            {
                continue;
            }

            // The stream is a property of the consumer instance (an override), so make one to ask.
            var consumer = scope.ServiceProvider.GetService(endpoint.Consumer)
                ?? ActivatorUtilities.CreateInstance(scope.ServiceProvider, endpoint.Consumer);
            if (consumer is not IVersionedConsumer { Stream: { } stream })
            {
                continue;
            }

            if (!found.TryGetValue(kind, out var mirrored))
            {
                found[kind] = mirrored = new MirroredKind(kind);
            }

            mirrored.Add(eventType, endpoint.Queue, stream);
        }

        return found;
    }

    private static Type? EventOf(Type consumer)
    {
        for (var t = consumer; t is not null; t = t.BaseType)
        {
            if (
                t.IsGenericType
                && (
                    t.GetGenericTypeDefinition() == typeof(InboxConsumer<>)
                    || t.GetGenericTypeDefinition() == typeof(InboxBatchConsumer<>)
                )
            )
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }
}
