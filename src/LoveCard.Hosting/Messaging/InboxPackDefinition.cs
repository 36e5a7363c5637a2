using MassTransit;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// How an <see cref="InboxPackConsumer{TPack,TEvent,TConsumer}"/> is fed (ADR 0051): a pack holds hundreds of events
/// (hundreds of kilobytes), so the queue prefetches the packs being applied and one more, not the service's default of
/// dozens. One pack at a time unless the consumer's <see cref="InboxPackShapeAttribute"/> says more (only for targets
/// with a version stream, where versions, not the order, decide what applies). <see cref="BusSetup"/> gives it to
/// every pack consumer the service registers.
/// </summary>
public sealed class InboxPackDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context
    )
    {
        var concurrency = typeof(TConsumer).GetCustomAttributes(typeof(InboxPackShapeAttribute), false)
            is [InboxPackShapeAttribute own, ..]
            ? own.ConcurrencyLimit
            : 1;
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = concurrency + 1;
        }

        endpointConfigurator.ConcurrentMessageLimit = concurrency;
    }
}
