using LoveCard.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// Feeds the events a pack carries (ADR 0051) to the consumer of those events one by one, <typeparamref
/// name="TConsumer"/>: the same handler, version stream and inbox name, one transaction per pack. The pack comes on a
/// queue of its own (this class's name), a few packs prefetched (<see cref="InboxPackDefinition{TConsumer}"/>), since
/// one pack holds hundreds of events. MassTransit needs a concrete consumer per pack and event type, hence one-line
/// classes in the services.
/// </summary>
public abstract class InboxPackConsumer<TPack, TEvent, TConsumer>(IServiceProvider services) : IConsumer<TPack>
    where TPack : class
    where TEvent : IntegrationEvent
    where TConsumer : class, IPackTarget<TEvent>
{
    /// <summary>The events of <typeparamref name="TEvent"/> the pack carries, in order.</summary>
    protected abstract IReadOnlyList<TEvent> Unpack(TPack pack);

    public Task Consume(ConsumeContext<TPack> context)
    {
        // MassTransit registers each consumer class as a service of its own type; made directly when it is not.
        var target = services.GetService<TConsumer>() ?? ActivatorUtilities.CreateInstance<TConsumer>(services);
        return target.ConsumePackAsync(context, Unpack(context.Message));
    }
}
