using MassTransit;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// How an <see cref="InboxBatchConsumer{TEvent}"/> is fed (ADR 0042): batches of up to <see cref="MessageLimit"/>
/// messages, or what arrived within <see cref="TimeLimit"/> of the first, one batch at a time per queue, so the
/// batches of a queue apply in delivery order. MassTransit raises the queue's prefetch to the message limit.
/// <see cref="BusSetup"/> gives it to every batch consumer the service registers.
/// </summary>
public sealed class InboxBatchDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <summary>The largest batch: one transaction, one inbox statement, one commit for this many events.</summary>
    public const int MessageLimit = 100;

    /// <summary>
    /// The longest a message waits for others to join its batch: a projection is that much later, and at a
    /// lunchtime rate of several hundred purchases a second a batch fills well before it.
    /// </summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(50);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context
    ) =>
        consumerConfigurator.Options<BatchOptions>(o =>
            o.SetMessageLimit(MessageLimit).SetTimeLimit(TimeLimit).SetConcurrencyLimit(1)
        );
}
