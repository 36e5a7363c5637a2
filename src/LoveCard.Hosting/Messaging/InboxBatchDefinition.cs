using MassTransit;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// How an <see cref="InboxBatchConsumer{TEvent}"/> is fed (ADR 0042): batches of up to <see cref="MessageLimit"/>
/// messages, or what arrived within <see cref="TimeLimit"/> of the first, one batch at a time per queue, so the
/// batches of a queue apply in delivery order. MassTransit raises the queue's prefetch to the message limit.
/// <see cref="BusSetup"/> gives it to every batch consumer the service registers; a consumer with an
/// <see cref="InboxBatchShapeAttribute"/> sets its own message and concurrency limits (ADR 0046).
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
    )
    {
        var shape = typeof(TConsumer).GetCustomAttributes(typeof(InboxBatchShapeAttribute), false)
            is [InboxBatchShapeAttribute own, ..]
            ? own
            : new InboxBatchShapeAttribute(MessageLimit);
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            // The batches being applied and the next one, so the next fills while one commits (ADR 0047): with a
            // prefetch of only one batch, the broker sends nothing until that batch is acknowledged.
            var prefetch = shape.MessageLimit * (shape.ConcurrencyLimit + 1);
            rabbit.PrefetchCount = Math.Max(rabbit.PrefetchCount, prefetch);
        }

        consumerConfigurator.Options<BatchOptions>(o =>
            o.SetMessageLimit(shape.MessageLimit).SetTimeLimit(TimeLimit).SetConcurrencyLimit(shape.ConcurrencyLimit)
        );
    }
}
